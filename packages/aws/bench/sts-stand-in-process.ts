// The STS and IAM stand-in in a process of its own, for benchmarks: its HTTP server's work then
// does not run on the event loop being measured, as AWS's does not. Prints its URL, then serves
// until its standard input closes.
import { startStsStandIn } from '../src/testing/sts-stand-in.js';

const sts = await startStsStandIn();
console.log(sts.url);
process.stdin.resume();
process.stdin.on('end', () => {
  void sts.close().then(() => process.exit(0));
});
