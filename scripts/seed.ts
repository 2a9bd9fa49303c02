/** `npm run seed`: creates the admin and demo users. Arrives with the accounts work (issue 4). */
console.log("Nothing to seed yet: user accounts are not built. This command will create an admin and demo users.");
