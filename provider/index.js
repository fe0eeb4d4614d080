"use strict";
// The plugin's entry point. The Pulumi CLI runs this directory with `node @pulumi/pulumi/cmd/run-plugin`
// after `npm install` here; everything it loads is compiled JavaScript from the npm package
// pulumi-imagebuilder-distribution (the version in package.json, the same as this repository's), and
// the schema is the committed schema.json: no TypeScript is compiled and no source is analyzed at run time.
const path = require("path");
const { serve } = require("pulumi-imagebuilder-distribution/provider");

// run-plugin awaits what the entry exports: a failure to serve is reported as the plugin's error.
module.exports = serve({ schemaFile: path.join(__dirname, "schema.json"), args: process.argv.slice(2) });
