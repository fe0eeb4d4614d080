// ESLint flat config: @eslint/js and typescript-eslint recommended rules, plus Pulumi's own rules
// (an Output interpolated in a plain template literal renders as an error message, not its value).
// `npm run lint` runs this, then `prettier --check .`, which owns formatting.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

/** The Node.js globals that plain JavaScript files here use (the `globals` package is not a dependency). */
const nodeGlobals = {
    require: "readonly",
    module: "writable",
    exports: "writable",
    process: "readonly",
    console: "readonly",
    __dirname: "readonly",
    __filename: "readonly",
    setTimeout: "readonly",
    clearTimeout: "readonly",
    Buffer: "readonly",
};

export default defineConfig(
    // Build output, generated API docs, installed and packed copies.
    globalIgnores([
        "lib/",
        "docs/api/",
        "tests/fixtures/consumer/",
        "coverage/",
        ".nyc_output/",
        ".bench/",
        "**/node_modules/",
        "**/*.tgz",
    ]),
    js.configs.recommended,
    tseslint.configs.recommended,
    {
        files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
        languageOptions: { globals: nodeGlobals },
    },
    {
        // Without "type": "module" in package.json, .js files are CommonJS: `require` is how they import.
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: { sourceType: "commonjs" },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        // Pulumi's rules need type information: the TypeScript files of tsconfig.json.
        files: ["**/*.ts"],
        plugins: { "@pulumi": pulumi },
        languageOptions: {
            parserOptions: {
                // One program for the repository, not one per tsconfig.json: each example has its own (the
                // language host compiles with it), and a program per example would load the providers'
                // types again each time. The ES module fixture is the one file outside tsconfig.json.
                project: ["./tsconfig.json", "./tests/fixtures/plan/esm-ts/tsconfig.json"],
                tsconfigRootDir: import.meta.dirname,
            },
        },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            // Deprecated Pulumi and Node APIs (the type information is there anyway).
            "@typescript-eslint/no-deprecated": "warn",
            // `_`-prefixed names mark parameters that an interface requires but the body does not use.
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
            ],
        },
    },
    {
        // Tests set Pulumi's mocks first and then `require` the component, so that it is loaded
        // under the mocks; an `import` would be hoisted above them.
        // They also match terminal output, escape sequences (`\x1b[...m`) included.
        files: ["tests/**/*.ts"],
        rules: { "@typescript-eslint/no-require-imports": "off", "no-control-regex": "off" },
    },
    {
        // The generated table opens with a blanket `eslint-disable`; that it suppresses nothing
        // today is fine.
        files: ["components/distribution/constraints.generated.ts"],
        linterOptions: { reportUnusedDisableDirectives: "off" },
    },
);
