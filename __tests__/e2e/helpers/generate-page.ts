import type { Page } from "playwright-core";
import type { TogetherStub } from "../../helpers/together-stub";

/**
 * Asks for `prompt` on /generate with the stub streaming `answer` (one chunk,
 * or several `intervalMs` apart), and waits until the page says it is done.
 */
export async function askAndWait(page: Page, stub: Pick<TogetherStub, "enqueue">, prompt: string, answer: string | string[], intervalMs?: number): Promise<void> {
  stub.enqueue({ kind: "stream", chunks: [answer].flat(), ...(intervalMs === undefined ? {} : { intervalMs }) });
  await page.getByLabel("Describe the code you want").fill(prompt);
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await page.getByTestId("generation-status").getByText(/^Done/).waitFor();
}
