/**
 * The default customer documents of the AWS bundles, as eta templates (see `compileDocument` in
 * `@byoc-kit/core/provider-utils`). A vendor replaces them with `documents` in the provider settings;
 * the data they receive is `AwsReadmeData`.
 */

/** README.md of the Terraform bundle. */
export const defaultTerraformReadme = `# Custom cloud "<%= it.cloud.displayName %>" on AWS

This Terraform configuration creates, in your AWS account and region \`<%~ it.cloud.region %>\`, what the
vendor needs to run custom cloud \`<%~ it.cloud.id %>\`:

<%~ it.creates.map((line) => \`- \${line}\`).join('\\n') %>

<%~ it.naming %>

## Steps

1. <%~ it.credentials %>
2. In this folder, run:
<% if (it.missingParameters.length > 0) { -%>

   First add these values, which the vendor could not fill in, to \`terraform.tfvars.json\`:

<% for (const parameter of it.missingParameters) { -%>
   - \`<%~ parameter.name %>\`: <%= parameter.description %>
<% } -%>
<% } -%>

   \`\`\`sh
   terraform init
   terraform apply
   \`\`\`

   \`terraform.tfvars.json\` holds this custom cloud's values; Terraform reads it by itself. If your organization requires a
   permissions boundary on IAM roles, an IAM path, or a prefix or suffix on IAM names, set \`permissions_boundary_arn\`,
   \`iam_path\`, \`iam_name_prefix\` and \`iam_name_suffix\` there first (left empty, they change nothing).
3. <%~ it.handBack %>

<% if (it.auditTrail) { -%>
<%~ it.auditTrail %>
<% } -%>
## Later: removing the custom cloud

Once the vendor has deleted the custom cloud, remove its resources from your account:

\`\`\`sh
terraform destroy
\`\`\`
`;

/** README.md of the CloudFormation bundle. */
export const defaultCloudFormationReadme = `# Custom cloud "<%= it.cloud.displayName %>" on AWS (CloudFormation)

This stack creates, in your AWS account and region \`<%~ it.cloud.region %>\`, what the vendor needs to run custom cloud
\`<%~ it.cloud.id %>\`:

<%~ it.creates.map((line) => \`- \${line}\`).join('\\n') %>

<%~ it.naming %>

## Steps

<% if (it.quickCreateUrl) { -%>
1. Open the quick-create link and create the stack (tick "I acknowledge that AWS CloudFormation might create IAM resources with custom names"):

   <%~ it.quickCreateUrl %>

   Or, with the AWS CLI:
<% } else { -%>
1. With the AWS CLI:
<% } -%>
<% if (it.missingParameters.length > 0) { -%>

   First add these values, which the vendor could not fill in, to \`parameters.json\`:

<% for (const parameter of it.missingParameters) { -%>
   - \`<%~ parameter.name %>\`: <%= parameter.description %>
<% } -%>
<% } -%>

   \`\`\`sh
   aws cloudformation create-stack --region <%~ it.cloud.region %> --stack-name <%~ it.stackName %> \\
     --template-body file://template.yaml --parameters file://parameters.json --capabilities CAPABILITY_NAMED_IAM \\
     --tags Key=<%~ it.templateVersion.tagKey %>,Value=<%~ it.templateVersion.version %>
   aws cloudformation wait stack-create-complete --region <%~ it.cloud.region %> --stack-name <%~ it.stackName %>
   \`\`\`

   If your organization requires a permissions boundary on IAM roles, an IAM path, or a prefix or suffix on IAM names, set
   \`PermissionsBoundaryArn\`, \`IamPath\`, \`IamNamePrefix\` and \`IamNameSuffix\` first (left empty, they change nothing).

2. <%~ it.handBack %>

<% if (it.auditTrail) { -%>
<%~ it.auditTrail %>
<% } -%>
## Later: removing the custom cloud

Once the vendor has deleted the custom cloud: \`aws cloudformation delete-stack --region <%~ it.cloud.region %> --stack-name <%~ it.stackName %>\`.
<% if (it.bucketRetained) { -%>
The bucket is retained; empty and delete it yourself when you no longer need its data.
<% } -%>
`;
