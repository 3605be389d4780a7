/** webpack's asset/resource modules resolve to the emitted file's URL. */
declare module '*.wasm' {
  const url: string;
  export default url;
}
