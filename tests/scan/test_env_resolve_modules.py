"""JS/TS imports through tsconfig paths, package.json imports and workspace package names."""

from __future__ import annotations

from integrations_drift.scan.env.modres import ModuleMap
from tests.scan.envcase import reads_from


def names(files: dict[str, str]) -> set[tuple[str, str]]:
    return {(n, p) for n, p, _, _, _ in reads_from("js", files)}


def test_tsconfig_paths_with_comments_name_a_file_of_another_stem() -> None:
    got = names(
        {
            "tsconfig.json": """\
            {
              // the server's aliases
              "compilerOptions": {
                "baseUrl": ".",
                "paths": { "@env": ["src/config/environment.ts"], "@lib/*": ["src/lib/*"], },
              },
            }
            """,
            "src/config/environment.ts": "export default process.env;\n",
            "src/lib/env.ts": "export default { name: 'not the environment' };\n",
            "src/a.ts": 'import e from "@env";\nexport const a = e.APP_ALIASED;\n',
            # the alias names src/lib/env.ts, which does not export the environment: its stem
            # matching src/env.ts's must not make it one
            "src/env.ts": "export default process.env;\n",
            "src/b.ts": 'import env from "@lib/env";\nexport const b = env.NOT_ENV;\n',
            "src/c.ts": 'import env from "./env.js";\nexport const c = env.APP_RELATIVE;\n',
        }
    )
    assert got == {("APP_ALIASED", "src/a.ts"), ("APP_RELATIVE", "src/c.ts")}


def test_package_json_imports_and_base_url() -> None:
    got = names(
        {
            "package.json": '{"name": "server", "imports": {"#config": "./src/settings/load.js"}}',
            "src/settings/load.js": "module.exports = process.env;\n",
            "src/a.js": 'const cfg = require("#config");\nconst a = cfg.APP_HASH_IMPORT;\n',
            "web/tsconfig.json": '{"compilerOptions": {"baseUrl": "src"}}',
            "web/src/setup/runtime.ts": "export const runtime = process.env;\n",
            "web/src/pages/home.ts": 'import { runtime } from "setup/runtime";\nrun(runtime.APP_BASE_URL_IMPORT);\n',
        }
    )
    assert got == {("APP_HASH_IMPORT", "src/a.js"), ("APP_BASE_URL_IMPORT", "web/src/pages/home.ts")}


def test_workspace_package_by_name_entry_and_subpath() -> None:
    got = names(
        {
            "package.json": '{"private": true, "workspaces": ["packages/*", "apps/*"]}',
            "packages/config/package.json": '{"name": "@acme/config", "main": "dist/index.js"}',
            "packages/config/src/index.ts": "export const env = process.env;\n",
            "packages/shared/package.json": '{"name": "@acme/shared", "exports": {".": {"import": "./lib/main.mjs"}}}',
            "packages/shared/lib/main.mjs": "export default process.env;\n",
            "packages/shared/src/server-env.ts": "export const serverEnv = process.env;\n",
            "apps/api/src/a.ts": """\
            import { env } from "@acme/config";
            import shared from "@acme/shared";
            import { serverEnv } from "@acme/shared/server-env";
            export const a = env.APP_WORKSPACE;
            export const b = shared.APP_EXPORTS_ENTRY;
            export const c = serverEnv.APP_SUBPATH;
            """,
        }
    )
    assert got == {
        ("APP_WORKSPACE", "apps/api/src/a.ts"),
        ("APP_EXPORTS_ENTRY", "apps/api/src/a.ts"),
        ("APP_SUBPATH", "apps/api/src/a.ts"),
    }


def test_config_class_fields_from_an_aliased_environment_module() -> None:
    got = names(
        {
            "tsconfig.json": '{"compilerOptions": {"paths": {"@server/*": ["./server/*"]}}}',
            "server/utils/environment.ts": "export default process.env;\n",
            "server/env.ts": """\
            import environment from "@server/utils/environment";
            import { IsOptional, IsUrl } from "class-validator";
            export class Environment {
              @IsOptional()
              @IsUrl({
                require_tld: false,
              })
              public URL = environment.URL ?? "";
              public PORT = this.toOptionalNumber(environment.PORT) ?? 3000;
              public SECRET: string = environment["SECRET_KEY"];
              static REGION = process.env.AWS_REGION;
              get redis() {
                return environment.REDIS_URL;
              }
              private toOptionalNumber(v: string | undefined) {
                return v ? Number(v) : undefined;
              }
            }
            const env = new Environment();
            export default env;
            """,
            "server/app.ts": 'import env from "@server/env";\nlisten(env.PORT, env.URL);\n',
        }
    )
    assert got == {
        ("URL", "server/env.ts"),
        ("PORT", "server/env.ts"),
        ("SECRET_KEY", "server/env.ts"),
        ("AWS_REGION", "server/env.ts"),
        ("REDIS_URL", "server/env.ts"),
    }


def test_wrapper_instance_imported_through_an_alias() -> None:
    got = names(
        {
            "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"~settings": ["src/core/cfg.ts"]}}}',
            "src/core/cfg.ts": """\
            class Settings {
              get(name: string) {
                return process.env[name];
              }
            }
            export default new Settings();
            """,
            "src/a.ts": 'import settings from "~settings";\nconst a = settings.get("APP_VIA_INSTANCE");\n',
        }
    )
    assert got == {("APP_VIA_INSTANCE", "src/a.ts")}


def test_module_map_scopes_and_extensions() -> None:
    m = ModuleMap.build(
        [
            ("tsconfig.json", b'{"compilerOptions": {"paths": {"@/*": ["./lib/*"]}}}'),
            ("web/tsconfig.json", b'{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}'),
            ("apps/zz/tsconfig.json", b'{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}'),
        ],
        ["web/src/env/index.ts", "apps/zz/src/env.ts", "lib/env.mts", "web/src/x.ts", "y.ts"],
    )
    # the nested tsconfig's alias holds for its own files only
    assert m.resolve("@/env", "web/src/x.ts") == "web/src/env/index.ts"
    assert m.resolve("@/env", "y.ts") == "lib/env.mts"
    assert m.resolve("@/env.js", "y.ts") == "lib/env.mts"
    assert m.resolve("react", "y.ts") is None


def test_exported_result_of_a_local_function_returning_the_environment() -> None:
    got = names(
        {
            "src/config.js": """\
            function getEnv() {
              dotenv.config();
              return process.env;
            }
            module.exports = getEnv();
            """,
            "src/settings.ts": "const load = () => process.env;\nexport const settings = load();\n",
            # returned, never exported: importing the module gives no environment object
            "src/private.js": "function env() {\n  return process.env;\n}\nmodule.exports = { env };\n",
            "src/a.js": """\
            const config = require("./config");
            const priv = require("./private");
            const a = config.APP_FROM_CALL;
            const b = priv.NOT_ENV;
            """,
            "src/b.ts": 'import { settings } from "./settings";\nrun(settings.APP_FROM_ARROW);\n',
        }
    )
    assert got == {("APP_FROM_CALL", "src/a.js"), ("APP_FROM_ARROW", "src/b.ts")}


def test_class_validator_class_the_environment_is_turned_into() -> None:
    got = reads_from(
        "js",
        {
            "src/env.validation.ts": """\
            enum Environment {
              Development = "development",
            }
            class EnvironmentVariables {
              @IsEnum(Environment)
              NODE_ENV: Environment;

              @IsNumber()
              @Min(0)
              PORT: number = 3000;

              @IsOptional()
              @IsUrl({
                require_tld: false,
              })
              SENTRY_DSN: string;

              REDIS_URL?: string;

              helper() {
                const NOT_A_FIELD = 1;
                return NOT_A_FIELD;
              }
            }
            export function validate(config: Record<string, unknown>) {
              const validated = plainToInstance(EnvironmentVariables, config, { enableImplicitConversion: true });
              return validateSync(validated);
            }
            """,
            # the same shape, never fed the environment: not read
            "src/dto.ts": "class CreateUser {\n  @IsString()\n  NAME: string;\n}\n",
        },
    )
    assert {(n, d) for n, _, _, d, _ in got} == {
        ("NODE_ENV", False),
        ("PORT", True),
        ("SENTRY_DSN", True),
        ("REDIS_URL", True),
    }


def test_class_validator_class_defined_in_another_file() -> None:
    got = names(
        {
            "src/config/env.schema.ts": """\
            export class EnvironmentVariables {
              @IsString()
              DATABASE_URL: string;
              @IsOptional()
              LOG_LEVEL?: string;
              @IsNumber() SMTP_PORT: number;
              @IsOptional() @IsString() SMTP_USER: string;
            }
            """,
            "src/config/validate.ts": """\
            import { EnvironmentVariables } from "./env.schema";
            export function validate(config: Record<string, unknown>) {
              return validateSync(plainToInstance(EnvironmentVariables, config));
            }
            """,
            "src/users/dto.ts": "export class CreateUserDto {\n  NAME: string;\n}\n",
        }
    )
    assert got == {
        ("DATABASE_URL", "src/config/env.schema.ts"),
        ("LOG_LEVEL", "src/config/env.schema.ts"),
        ("SMTP_PORT", "src/config/env.schema.ts"),
        ("SMTP_USER", "src/config/env.schema.ts"),
    }
