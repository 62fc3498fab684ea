// Tests read JSON bodies of their own server freely: `await res.json()` is `any` here, not `unknown`.
export {};
declare global {
  interface Response {
    json(): Promise<any>;
  }
}
