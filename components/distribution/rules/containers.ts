/** Containers: the ECR repository the image is pushed to. */
import { SHAPES } from "../constraints.generated";
import { lengthOf } from "./model";
import { SettingsRule } from "./types";
import { get } from "./util";

const REPO = "containerDistributionConfiguration.targetRepository.repositoryName";

/** ECR's repository name: lower-case components joined by `.`, `_` or `-`, namespaces with `/`; 2 to 256 characters. */
const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * An ECR registry host as the first part of a name (`123456789012.dkr.ecr.us-east-1.amazonaws.com/`, its
 * FIPS and dual-stack forms, `public.ecr.aws/`): ECR's name pattern allows dots and namespaces, so such a
 * name matches it, but the API says to give the repository's name without the registry host.
 */
const ECR_REGISTRY_HOST =
    /^(?:\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?|\d{12}\.dkr-ecr(?:-fips)?\.[a-z0-9-]+\.on\.aws|public\.ecr\.aws)\//;

/**
 * The bare repository name in what was given: without a registry host (`123.dkr.ecr.us-east-1.amazonaws.com/`),
 * a `:tag` or an `@digest`, in lower case. Undefined when nothing better can be said.
 */
export function bareRepositoryName(given: string): string | undefined {
    let name = given.trim();
    const at = name.indexOf("@");
    if (at >= 0) {
        name = name.slice(0, at);
    }
    const parts = name.split("/");
    // A first part with a '.' or a ':' (a port), or localhost, is a registry host.
    if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) {
        parts.shift();
    }
    const last = parts.length - 1;
    const colon = parts[last].indexOf(":");
    if (colon >= 0) {
        parts[last] = parts[last].slice(0, colon);
    }
    const bare = parts.join("/").toLowerCase();
    return bare !== given && ECR_REPOSITORY_NAME.test(bare) && bare.length >= 2 && bare.length <= 256
        ? bare
        : undefined;
}

export const CONTAINER_RULES: readonly SettingsRule[] = [
    {
        code: "ecr-repository-name",
        description:
            "an ECR repository name that ECR does not accept: 2 to 256 characters, lower case, '/' for namespaces; no registry host, :tag or @digest",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html",
        regional: false,
        severity: "error",
        scope: "entry",
        check({ settings }, report) {
            const name = get(settings, "containerDistributionConfiguration", "targetRepository", "repositoryName");
            const length = typeof name === "string" ? lengthOf(name) : 0;
            // An empty name, or one longer than the model allows, is reported by the model.
            if (typeof name !== "string" || length === 0 || length > SHAPES.NonEmptyString.max!) {
                return;
            }
            if (length >= 2 && length <= 256 && ECR_REPOSITORY_NAME.test(name) && !ECR_REGISTRY_HOST.test(name)) {
                return;
            }
            const bare = bareRepositoryName(name);
            report({
                path: REPO,
                value: name,
                rule: "must be an ECR repository name only: 2 to 256 lower-case letters, digits and . _ - , with '/' between namespaces (no registry host, :tag or @digest)",
                fix: bare !== undefined ? `use ${JSON.stringify(bare)}` : "give the repository's name as ECR lists it",
                secretFix: "give the repository's name as ECR lists it",
            });
        },
    },
];
