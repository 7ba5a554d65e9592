import { templateVersionDescription } from '@byoc-kit/core/provider-utils';
import { awsTemplateManifest, awsTemplateVersionTag } from '../plan/manifest.js';
import type { AwsTemplatePlan } from '../plan/plan.js';
import { guardrailRules, templatePatterns } from '../plan/rules.js';
import type { ResolvedAwsSettings } from '../settings.js';
import { cloudFormationIdentityResources, cloudFormationOutputs, identityLogicalId } from './identities.js';
import { prefixedName as name, parameterName, pascalCase, ref, select, sub } from './intrinsics.js';
import { cloudFormationPolicyDocument } from './policies.js';
import { registrationTemplateParts } from './registration.js';

/**
 * The CloudFormation template: the same roles and permissions as the Terraform bundle, the network
 * optional (`CreateNetwork`), every value of the custom cloud a parameter. Like main.tf it is the
 * same for every custom cloud of a vendor, so the vendor can host one copy for quick-create links.
 */
export function cloudFormationTemplate(settings: ResolvedAwsSettings, plan: AwsTemplatePlan): object {
  const { blueprint } = plan;
  const tags = (extra: Record<string, unknown> = {}) => [
    { Key: plan.tagKey, Value: ref('CustomCloudId') },
    { Key: 'managed-by', Value: 'byoc-kit' },
    ...Object.entries(extra).map(([Key, Value]) => ({ Key, Value })),
  ];
  const identityResources = cloudFormationIdentityResources(plan, tags, awsTemplateVersionTag(settings));
  // DependsOn may name unconditional resources only (a resource whose condition is false does not exist).
  const unconditional = Object.entries(identityResources).filter(
    ([, resource]) => (resource as { Condition?: string }).Condition === undefined,
  );
  const access = blueprint.identities.find((identity) => identity.id === blueprint.access.identity);
  const registration = registrationTemplateParts(settings, {
    accessRole: access ? identityLogicalId(access) : '',
    dependsOn: unconditional.map(([logicalId]) => logicalId),
  });
  const { minPrefix, maxPrefix } = settings.reservedCidrBounds;
  const patterns = templatePatterns(settings.reservedCidrBounds);
  const subnetResources: Record<string, unknown> = {};
  for (const index of [0, 1, 2]) {
    subnetResources[`WorkloadSubnet${index + 1}`] = {
      Type: 'AWS::EC2::Subnet',
      Condition: 'CreateNetwork',
      Properties: {
        VpcId: ref('Vpc'),
        CidrBlock: select(index, ref('WorkloadSubnetCidrs')),
        AvailabilityZone: select(index, ref('AvailabilityZones')),
        MapPublicIpOnLaunch: { 'Fn::If': ['IsPrivate', false, true] },
        Tags: tags({ Name: name(`workload-${index + 1}`) }),
      },
    };
    subnetResources[`WorkloadSubnet${index + 1}RouteTable`] = {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Condition: 'CreateNetwork',
      Properties: {
        SubnetId: ref(`WorkloadSubnet${index + 1}`),
        RouteTableId: { 'Fn::If': ['IsPrivate', ref('PrivateRouteTable'), ref('PublicRouteTable')] },
      },
    };
    subnetResources[`BastionSubnet${index + 1}`] = {
      Type: 'AWS::EC2::Subnet',
      Condition: 'CreatePrivateNetwork',
      Properties: {
        VpcId: ref('Vpc'),
        CidrBlock: select(index, ref('BastionSubnetCidrs')),
        AvailabilityZone: select(index, ref('AvailabilityZones')),
        MapPublicIpOnLaunch: true,
        Tags: tags({ Name: name(`bastion-${index + 1}`) }),
      },
    };
    subnetResources[`BastionSubnet${index + 1}RouteTable`] = {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Condition: 'CreatePrivateNetwork',
      Properties: { SubnetId: ref(`BastionSubnet${index + 1}`), RouteTableId: ref('PublicRouteTable') },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: blueprint.description,
    Parameters: {
      CustomCloudId: {
        Type: 'String',
        AllowedPattern: patterns.customCloudId,
        Description: 'Id of the custom cloud at the vendor.',
      },
      DisplayName: { Type: 'String', MinLength: 1, MaxLength: 64, Description: 'Name of the custom cloud.' },
      ExternalId: {
        Type: 'String',
        AllowedPattern: patterns.externalId,
        Description: 'The external ID the vendor presents to assume the role.',
      },
      PreviousExternalId: {
        Type: 'String',
        Default: '',
        AllowedPattern: `^$|${patterns.externalId}`,
        Description:
          'During a rotation of the external ID: the one it replaces, accepted as well until the vendor has seen the new one work. Empty otherwise.',
      },
      VendorPrincipalArn: {
        Type: 'String',
        AllowedPattern: patterns.vendorPrincipal,
        Description: "The vendor's role or account.",
      },
      ResourcePrefix: {
        Type: 'String',
        AllowedValues: [settings.resourcePrefix],
        Default: settings.resourcePrefix,
        Description: 'Prefix of every resource name.',
      },
      DeploymentModel: {
        Type: 'String',
        AllowedValues: ['standard', 'standard_public'],
        Default: 'standard',
        Description: 'standard: private nodes behind a bastion; standard_public: public IPs.',
      },
      ObjectStorageEnabled: {
        Type: 'String',
        AllowedValues: ['true', 'false'],
        Default: 'false',
        Description: 'Whether to create the custom cloud bucket.',
      },
      CreateNetwork: {
        Type: 'String',
        AllowedValues: ['true', 'false'],
        Default: 'true',
        Description: 'Whether to create the VPC, subnets and gateways.',
      },
      ExistingVpcId: { Type: 'String', Default: '', Description: 'When CreateNetwork is false: the VPC the vendor may work in.' },
      ReservedCidr: {
        Type: 'String',
        AllowedPattern: patterns.reservedCidr,
        Description: `RFC 1918 CIDR of the VPC, /${minPrefix} to /${maxPrefix}.`,
      },
      AvailabilityZones: { Type: 'CommaDelimitedList', Description: 'Three availability zones.' },
      WorkloadSubnetCidrs: { Type: 'CommaDelimitedList', Description: 'Three workload subnet CIDRs, one per zone.' },
      BastionSubnetCidrs: { Type: 'CommaDelimitedList', Default: '', Description: 'Three bastion subnet CIDRs (private model).' },
      PermissionsBoundaryArn: {
        Type: 'String',
        Default: '',
        AllowedPattern: patterns.permissionsBoundary,
        MaxLength: guardrailRules.permissionsBoundary.maxLength,
        Description:
          'A permissions boundary your organization puts on every IAM role and user: set on each one the stack creates. Empty: none.',
      },
      IamPath: {
        Type: 'String',
        Default: '/',
        AllowedPattern: patterns.iamPath,
        MaxLength: guardrailRules.iamPath.maxLength,
        Description: 'The IAM path of every role, user, instance profile and managed policy the stack creates.',
      },
      IamNamePrefix: {
        Type: 'String',
        Default: '',
        AllowedPattern: patterns.iamNameAffix,
        MaxLength: guardrailRules.iamNameAffix.maxLength,
        Description: 'Put before the name of every role, user, instance profile and managed policy the stack creates.',
      },
      IamNameSuffix: {
        Type: 'String',
        Default: '',
        AllowedPattern: patterns.iamNameAffix,
        MaxLength: guardrailRules.iamNameAffix.maxLength,
        Description: 'Put after the name of every role, user, instance profile and managed policy the stack creates.',
      },
      ...Object.fromEntries(
        blueprint.parameters.map((parameter) => [
          parameterName(parameter.name),
          { Type: 'String', AllowedPattern: parameter.pattern, MaxLength: parameter.maxLength, Description: parameter.description },
        ]),
      ),
      ...registration.parameters,
    },
    Conditions: {
      IsPrivate: { 'Fn::Equals': [ref('DeploymentModel'), 'standard'] },
      CreateNetwork: { 'Fn::Equals': [ref('CreateNetwork'), 'true'] },
      CreatePrivateNetwork: { 'Fn::And': [{ Condition: 'CreateNetwork' }, { Condition: 'IsPrivate' }] },
      StorageEnabled: { 'Fn::Equals': [ref('ObjectStorageEnabled'), 'true'] },
      IsChina: { 'Fn::Equals': [ref('AWS::Partition'), 'aws-cn'] },
      HasPreviousExternalId: { 'Fn::Not': [{ 'Fn::Equals': [ref('PreviousExternalId'), ''] }] },
      HasPermissionsBoundary: { 'Fn::Not': [{ 'Fn::Equals': [ref('PermissionsBoundaryArn'), ''] }] },
      ...(blueprint.outputs.some((output) => output.value.of === 'signInUrl')
        ? { IsGovCloud: { 'Fn::Equals': [ref('AWS::Partition'), 'aws-us-gov'] } }
        : {}),
      ...registration.conditions,
    },
    Rules: {
      ExistingVpcWithoutNetwork: {
        RuleCondition: { 'Fn::Equals': [ref('CreateNetwork'), 'false'] },
        Assertions: [
          {
            Assert: { 'Fn::Not': [{ 'Fn::Equals': [ref('ExistingVpcId'), ''] }] },
            AssertDescription: 'Without CreateNetwork, give ExistingVpcId.',
          },
        ],
      },
    },
    Resources: {
      ...(blueprint.network ? networkResources(tags, subnetResources) : {}),
      ...(blueprint.bucket === 'none' ? {} : bucketResources(tags, plan)),
      ...identityResources,
      ...registration.resources,
    },
    Outputs: {
      ...cloudFormationOutputs(plan),
      TemplateVersion: { Description: templateVersionDescription, Value: awsTemplateManifest(settings).version },
    },
  };
}

type Tags = (extra?: Record<string, unknown>) => unknown[];

function networkResources(tags: Tags, subnetResources: Record<string, unknown>): Record<string, unknown> {
  return {
    Vpc: {
      Type: 'AWS::EC2::VPC',
      Condition: 'CreateNetwork',
      Properties: { CidrBlock: ref('ReservedCidr'), EnableDnsSupport: true, EnableDnsHostnames: true, Tags: tags({ Name: name('vpc') }) },
    },
    InternetGateway: { Type: 'AWS::EC2::InternetGateway', Condition: 'CreateNetwork', Properties: { Tags: tags({ Name: name('igw') }) } },
    InternetGatewayAttachment: {
      Type: 'AWS::EC2::VPCGatewayAttachment',
      Condition: 'CreateNetwork',
      Properties: { VpcId: ref('Vpc'), InternetGatewayId: ref('InternetGateway') },
    },
    PublicRouteTable: {
      Type: 'AWS::EC2::RouteTable',
      Condition: 'CreateNetwork',
      Properties: { VpcId: ref('Vpc'), Tags: tags({ Name: name('public') }) },
    },
    PublicInternetRoute: {
      Type: 'AWS::EC2::Route',
      Condition: 'CreateNetwork',
      DependsOn: 'InternetGatewayAttachment',
      Properties: { RouteTableId: ref('PublicRouteTable'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('InternetGateway') },
    },
    NatAddress: {
      Type: 'AWS::EC2::EIP',
      Condition: 'CreatePrivateNetwork',
      Properties: { Domain: 'vpc', Tags: tags({ Name: name('nat') }) },
    },
    NatGateway: {
      Type: 'AWS::EC2::NatGateway',
      Condition: 'CreatePrivateNetwork',
      Properties: {
        AllocationId: { 'Fn::GetAtt': ['NatAddress', 'AllocationId'] },
        SubnetId: ref('BastionSubnet1'),
        Tags: tags({ Name: name('nat') }),
      },
    },
    PrivateRouteTable: {
      Type: 'AWS::EC2::RouteTable',
      Condition: 'CreatePrivateNetwork',
      Properties: { VpcId: ref('Vpc'), Tags: tags({ Name: name('private') }) },
    },
    PrivateNatRoute: {
      Type: 'AWS::EC2::Route',
      Condition: 'CreatePrivateNetwork',
      Properties: { RouteTableId: ref('PrivateRouteTable'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('NatGateway') },
    },
    ...subnetResources,
    NodeSecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Condition: 'CreateNetwork',
      Properties: {
        GroupName: name('nodes'),
        GroupDescription: 'Service nodes of the custom cloud',
        VpcId: ref('Vpc'),
        SecurityGroupIngress: [{ IpProtocol: '-1', CidrIp: ref('ReservedCidr'), Description: 'Traffic between nodes of the custom cloud' }],
        SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0', Description: 'Outbound traffic of the nodes' }],
        Tags: tags({ Name: name('nodes') }),
      },
    },
    S3Endpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Condition: 'CreateNetwork',
      Properties: {
        VpcId: ref('Vpc'),
        ServiceName: { 'Fn::If': ['IsChina', sub('cn.com.amazonaws.${AWS::Region}.s3'), sub('com.amazonaws.${AWS::Region}.s3')] },
        VpcEndpointType: 'Gateway',
        RouteTableIds: { 'Fn::If': ['IsPrivate', [ref('PublicRouteTable'), ref('PrivateRouteTable')], [ref('PublicRouteTable')]] },
      },
    },
  };
}

function bucketResources(tags: Tags, plan: AwsTemplatePlan): Record<string, unknown> {
  return {
    Bucket: {
      Type: 'AWS::S3::Bucket',
      Condition: 'StorageEnabled',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketName: sub('${ResourcePrefix}-${CustomCloudId}'),
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        Tags: tags(),
      },
    },
    BucketTlsOnly: {
      Type: 'AWS::S3::BucketPolicy',
      Condition: 'StorageEnabled',
      Properties: {
        Bucket: ref('Bucket'),
        PolicyDocument: cloudFormationPolicyDocument(plan.bucketPolicy, { logicalIdOf: pascalCase, style: 'direct' }),
      },
    },
  };
}
