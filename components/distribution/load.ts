/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Lazy loaders for the provider SDKs. Importing the package loads none of them (`@pulumi/aws` alone is
 * 84 MB); each backend loads only the submodule it uses, the first time a component needs it. The
 * `import type` expressions are erased at compile time.
 */

/** `@pulumi/aws/imagebuilder`. */
export function awsImagebuilder(): typeof import("@pulumi/aws/imagebuilder") {
    return require("@pulumi/aws/imagebuilder");
}

/** `@pulumi/aws/getCallerIdentity`. */
export function awsCallerIdentity(): typeof import("@pulumi/aws/getCallerIdentity") {
    return require("@pulumi/aws/getCallerIdentity");
}

/** `@pulumi/aws-native/getAccountId`. */
export function awsNativeAccountId(): typeof import("@pulumi/aws-native/getAccountId") {
    return require("@pulumi/aws-native/getAccountId");
}

/** `@pulumi/aws-native/imagebuilder`. */
export function awsNativeImagebuilder(): typeof import("@pulumi/aws-native/imagebuilder") {
    return require("@pulumi/aws-native/imagebuilder");
}

/** `@pulumi/aws-native/provider`. */
export function awsNativeProvider(): typeof import("@pulumi/aws-native/provider") {
    return require("@pulumi/aws-native/provider");
}
