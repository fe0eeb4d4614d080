/**
 * The ARN that Image Builder derives from a distribution configuration's name. AWS's model says that
 * it "generates the distribution configuration ARN from a normalized form of the name, so names that
 * differ only in case, spaces, or underscores count as the same name", and its
 * `DistributionConfigurationArn` pattern ends in `distribution-configuration/[a-z0-9-_]+`: the name in
 * lower case, with spaces and underscores as hyphens.
 */
import { partitionOf } from "../components/distribution/regions";
import { normalizedConfigurationName } from "../components/distribution/rules/names";

/** `arn:<partition>:imagebuilder:<region>:<account>:distribution-configuration/<normalized name>`. */
export function distributionConfigurationArn(name: string, region: string, account: string): string {
    return `arn:${partitionOf(region)}:imagebuilder:${region}:${account}:distribution-configuration/${normalizedConfigurationName(name)}`;
}
