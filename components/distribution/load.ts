/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Lazy loaders for the provider SDKs. Importing the package loads none of them (`@pulumi/aws` alone is
 * 84 MB); each backend loads only the submodule it uses, the first time a component needs it. The
 * `import type` expressions are erased at compile time.
 */

/**
 * A loader that requires its module once and then returns it (each `require` resolves the path again).
 * When the provider SDK is not installed, it says which backend needs which package instead of Node's
 * bare "Cannot find module". Exported for tests.
 */
export function once<T>(load: () => T, pkg: string, backend: string): () => T {
    let loaded: { module: T } | undefined;
    return () => {
        if (loaded === undefined) {
            try {
                loaded = { module: load() };
            } catch (e) {
                const missing =
                    (e as { code?: string }).code === "MODULE_NOT_FOUND" && (e as Error).message.includes(`'${pkg}`);
                if (missing) {
                    throw new Error(
                        `backend: "${backend}" needs the peer dependency ${pkg}, which cannot be found from this program: npm install ${pkg}`,
                        { cause: e },
                    );
                }
                throw e;
            }
        }
        return loaded.module;
    };
}

/** A loader of an `@pulumi/aws` module, which backend "aws" needs. */
const fromAws = <T>(load: () => T) => once(load, "@pulumi/aws", "aws");

/** A loader of an `@pulumi/aws-native` module, which backend "aws-native" needs. */
const fromAwsNative = <T>(load: () => T) => once(load, "@pulumi/aws-native", "aws-native");

/** `@pulumi/aws/imagebuilder`. */
export const awsImagebuilder = fromAws((): typeof import("@pulumi/aws/imagebuilder") =>
    require("@pulumi/aws/imagebuilder"),
);

/** `@pulumi/aws/getCallerIdentity`. */
export const awsCallerIdentity = fromAws((): typeof import("@pulumi/aws/getCallerIdentity") =>
    require("@pulumi/aws/getCallerIdentity"),
);

/** `@pulumi/aws-native/getAccountId`. */
export const awsNativeAccountId = fromAwsNative((): typeof import("@pulumi/aws-native/getAccountId") =>
    require("@pulumi/aws-native/getAccountId"),
);

/** `@pulumi/aws-native/imagebuilder`. */
export const awsNativeImagebuilder = fromAwsNative((): typeof import("@pulumi/aws-native/imagebuilder") =>
    require("@pulumi/aws-native/imagebuilder"),
);

/** `@pulumi/aws-native/provider`. */
export const awsNativeProvider = fromAwsNative((): typeof import("@pulumi/aws-native/provider") =>
    require("@pulumi/aws-native/provider"),
);
