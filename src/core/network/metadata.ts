/**
 * Cloud instance-metadata endpoints. They hand credentials to any process on the instance, so reaching one is a
 * floor deny: no preset or user rule can allow it. Keys are canonical address text (see literal.ts).
 */
export const metadataAddresses: ReadonlyMap<string, string> = new Map([
  ['169.254.169.254', 'cloud instance metadata (AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack and others)'],
  ['169.254.170.2', 'AWS ECS task metadata and credentials'],
  ['169.254.170.23', 'AWS EKS Pod Identity credentials'],
  ['169.254.0.23', 'Tencent Cloud metadata'],
  ['100.100.100.200', 'Alibaba Cloud metadata'],
  ['192.0.0.192', 'Oracle Cloud metadata'],
  ['168.63.129.16', 'Azure WireServer'],
  ['fd00:ec2::254', 'AWS instance metadata over IPv6'],
  ['fd00:ec2::23', 'AWS EKS Pod Identity over IPv6'],
  ['fd20:ce::254', 'GCP metadata over IPv6'],
]);

/** Names of metadata services; single-label `metadata` and `instance-data` resolve through the cloud's search domain. */
export const metadataNames: ReadonlyMap<string, string> = new Map([
  ['metadata.google.internal', 'GCP metadata'],
  ['metadata', 'GCP metadata'],
  ['metadata.goog', 'GCP metadata'],
  ['instance-data', 'AWS instance metadata'],
  ['instance-data.ec2.internal', 'AWS instance metadata'],
  ['metadata.tencentyun.com', 'Tencent Cloud metadata'],
  ['api.metadata.cloud.ibm.com', 'IBM Cloud metadata'],
  ['metadata.platformequinix.com', 'Equinix Metal metadata'],
  ['metadata.packet.net', 'Equinix Metal metadata'],
]);
