/** The parts of the untyped `ipp` 2.0.1 package (CommonJS) that ipp-transport.ts uses. */
declare module 'ipp' {
  interface IppCodec {
    /** An IPP message object -> the binary request body (RFC 8010) */
    serialize(message: Record<string, unknown>): Buffer;
    /** A binary IPP response -> { version, statusCode, id, 'operation-attributes-tag', ... } */
    parse(body: Buffer): Record<string, unknown>;
  }
  const ipp: IppCodec;
  export default ipp;
}
