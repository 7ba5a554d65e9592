import { parse } from '@cdktf/hcl2json';

/** Parses HCL into Terraform's JSON syntax (throws on a syntax error). */
export async function parseHcl(name: string, contents: string): Promise<Record<string, unknown>> {
  return (await parse(name, contents)) as Record<string, unknown>;
}
