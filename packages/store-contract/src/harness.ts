/** A fresh, empty store for one test, and how to throw it away. */
export interface StoreHarness<S> {
  store: S;
  /** Closes the store and opens a new one on the same underlying data (persistence check). */
  reopen(): Promise<S>;
  cleanup(): Promise<void>;
}

export type MakeStore<S> = () => Promise<StoreHarness<S>>;
