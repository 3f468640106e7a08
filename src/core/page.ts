/** One scraped article as it arrives. `text` is the whole scraped page. */
export interface PageInput {
  id: string;
  text: string;
  title?: string;
  source?: string;
  url?: string;
  /** ISO 8601; used to choose the canonical article of a cluster and to order revisions. */
  publishedAt?: string;
  /** Explicit revision number; newer revisions replace older ones, never the other way round. */
  rev?: number;
}
