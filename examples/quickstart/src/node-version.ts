// Imported first by main.ts. On a Node.js older than 22 the AWS SDK prints a multi-line
// NodeVersionSupportWarning the first time a client is built, in the middle of the walk-through.
// The quickstart says it once, up front, in one line, and turns the SDK's copy off for this
// process only (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED). The packages themselves never
// silence it: a vendor's backend keeps the SDK's warning.
const supportedFrom = 22;
const major = Number(process.versions.node.split('.')[0]);

if (major < supportedFrom) {
  console.log(
    `note: Node.js ${process.version} runs this quickstart, but it is past its end of life and AWS SDK ` +
      `releases after the first week of January 2027 need Node.js >= ${supportedFrom}: use Node.js ${supportedFrom} LTS.\n`,
  );
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
