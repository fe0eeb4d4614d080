/**
 * The API's shape of `@pulumi/aws-native` distributions, the way back from the renderer (`awsNative.ts`).
 * A module of its own because the package exports it: its declarations must not import
 * `@pulumi/aws-native`'s types, since a TypeScript program that uses only `backend: "aws"` does not install
 * that optional peer, and `tsc` would fail on the package's declarations.
 */
import { renameMember, withMember } from "./common";

/** The API's shape of aws-native distributions (resolved values), for plans and parity checks. */
export function awsNativeToApi(distributions: readonly object[]): Record<string, unknown>[] {
    return (distributions as readonly Record<string, unknown>[]).map((d) =>
        withMember(
            d,
            "amiDistributionConfiguration",
            (v) => renameMember(v, "launchPermissionConfiguration", "launchPermission"),
            { dropNullish: true },
        ),
    );
}
