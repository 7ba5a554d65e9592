/** CloudFormation intrinsic functions as the template builders write them. */

export const sub = (text: string, variables?: Record<string, unknown>) => ({ 'Fn::Sub': variables ? [text, variables] : text });
export const ref = (name: string) => ({ Ref: name });
export const getAtt = (name: string, attribute: string) => ({ 'Fn::GetAtt': [name, attribute] });
export const select = (index: number, list: unknown) => ({ 'Fn::Select': [index, list] });

/** `<prefix>-<first 8 of the id>-<suffix>`, as the Terraform bundle names resources. */
export const prefixedName = (suffix: string) =>
  sub(`\${ResourcePrefix}-\${ShortId}-${suffix}`, { ShortId: select(0, { 'Fn::Split': ['-', ref('CustomCloudId')] }) });

/**
 * The name of an IAM entity (role, user, instance profile, managed policy): `prefixedName`, or an
 * exact name, between your organization's `IamNamePrefix` and `IamNameSuffix`.
 */
export const iamName = (suffix: string, exact: boolean) =>
  exact
    ? sub(`\${IamNamePrefix}${subLiteral(suffix)}\${IamNameSuffix}`)
    : sub(`\${IamNamePrefix}\${ResourcePrefix}-\${ShortId}-${suffix}\${IamNameSuffix}`, {
        ShortId: select(0, { 'Fn::Split': ['-', ref('CustomCloudId')] }),
      });

/** Where your organization's guardrails put an IAM entity: its path; and for roles and users, the boundary when given. */
export const iamPlacement = { Path: ref('IamPath') };
export const iamBoundary = {
  PermissionsBoundary: { 'Fn::If': ['HasPermissionsBoundary', ref('PermissionsBoundaryArn'), ref('AWS::NoValue')] },
};

/** A literal inside `Fn::Sub`: `${` must be written `${!`. */
export function subLiteral(text: string): string {
  return text.replaceAll('${', '${!');
}

/** `my_parameter` -> `MyParameter`: the CloudFormation parameter of a blueprint parameter. */
export function parameterName(name: string): string {
  return name
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** `vendor_storage` -> `VendorStorage`. */
export function pascalCase(id: string): string {
  return id
    .split(/[_-]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
