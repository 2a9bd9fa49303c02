import "client-only";
import useSWR from "swr";
import { fetcher } from "../api-client";
import { MODELS_URL, type ModelsResponse } from "@/lib/model-catalog/shared";

/**
 * `GET /api/models`: the models on offer with names and prices. The page
 * renders the stored catalog on the server (SWR's fallback), and this
 * revalidates with the user's own key once the page is open.
 */
export function useModels() {
  return useSWR<ModelsResponse, Error>(MODELS_URL, fetcher<ModelsResponse>);
}
