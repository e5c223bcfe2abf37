// s3rver ships no types; the benchmark uses only this much of it.
declare module 's3rver' {
  export default class S3rver {
    constructor(options: { port: number; address: string; directory: string; silent?: boolean; configureBuckets?: { name: string }[] });
    run(): Promise<{ port: number }>;
    close(): Promise<void>;
  }
}
