"""Env reads in JavaScript / TypeScript source."""

from __future__ import annotations

from tests.scan.envcase import Row, marked, reads_from


def reads(files: dict[str, str]) -> set[Row]:
    return reads_from("js", files)


def test_process_env_shapes() -> None:
    got = reads(
        {
            "src/a.ts": """\
        const a = process.env.A_VAR;
        const b = process.env["B_VAR"];
        const c = process.env?.C_VAR;
        const d = process.env.D_VAR || "d";
        const e = process.env.E_VAR ?? 3000;
        const f = process.env[`F_${region}`];
        const g = import.meta.env.VITE_API_URL;
        const h = Deno.env.get("DENO_TOKEN");
        const i = Bun.env.BUN_PORT;
        const { J_VAR, K_VAR: k, L_VAR = "dflt" } = process.env;
        const m = process.env[name];
        process.env.hasOwnProperty("NOT_A_READ");
        """
        }
    )
    assert got == {
        ("A_VAR", "src/a.ts", 1, False, False),
        ("B_VAR", "src/a.ts", 2, False, False),
        ("C_VAR", "src/a.ts", 3, False, False),
        ("D_VAR", "src/a.ts", 4, True, False),
        ("E_VAR", "src/a.ts", 5, True, False),
        ("F_", "src/a.ts", 6, False, True),
        ("VITE_API_URL", "src/a.ts", 7, False, False),
        ("DENO_TOKEN", "src/a.ts", 8, False, False),
        ("BUN_PORT", "src/a.ts", 9, False, False),
        ("J_VAR", "src/a.ts", 10, False, False),
        ("K_VAR", "src/a.ts", 10, False, False),
        ("L_VAR", "src/a.ts", 10, True, False),
    }


def test_aliases_of_the_env_object() -> None:
    got = reads(
        {
            "src/a.js": """\
            const env = process.env;
            const x = env.ALIAS_X;
            const { ALIAS_Y } = env;
            """,
            "src/b.mjs": """\
            import { env } from "node:process";
            export const port = env.PORT_B;
            """,
            "src/c.cjs": """\
            const { env: e } = require("process");
            module.exports = e["PORT_C"];
            """,
            "src/d.ts": """\
            import proc from "process";
            const t = proc.env.PROC_ALIAS;
            """,
            "src/e.js": """\
            const config = { ...process.env };
            module.exports = { key: config.SPREAD_KEY };
            """,
        }
    )
    assert got == {
        ("SPREAD_KEY", "src/e.js", 2, False, False),
        ("ALIAS_X", "src/a.js", 2, False, False),
        ("ALIAS_Y", "src/a.js", 3, False, False),
        ("PORT_B", "src/b.mjs", 2, False, False),
        ("PORT_C", "src/c.cjs", 2, False, False),
        ("PROC_ALIAS", "src/d.ts", 2, False, False),
    }


def test_negatives_comments_strings_lookalikes() -> None:
    got = reads(
        {
            "src/n.js": """\
        // process.env.IN_COMMENT
        /* process.env.IN_BLOCK */
        const s = "process.env.IN_STRING";
        const t = config.env.NOT_PROCESS;
        const u = myenv.get("NOPE");
        const env = loadConfig();
        const v = env.NOT_ALIASED;
        const w = process.env.REAL;
        const y = '"IN_QUOTES" in process.env';
        """
        }
    )
    assert got == {("REAL", "src/n.js", 8, False, False)}


def test_test_files_are_marked() -> None:
    got = marked(
        {
            "src/app.test.ts": "const x = process.env.T_VAR;\n",
            "src/app.ts": "const y = process.env.APP_VAR;\n",
        }
    )
    assert got == [("T_VAR", "src/app.test.ts", 1, True), ("APP_VAR", "src/app.ts", 1, False)]


def test_cross_file_wrappers() -> None:
    got = reads(
        {
            "src/env.ts": """\
            export const str = (k: string) => process.env[k];
            export function required(name: string): string {
              const v = process.env[name];
              if (!v) throw new Error(name);
              return v;
            }
            export const withDefault = (key, fallback = "x") => process.env[key] ?? fallback;
            """,
            "src/app.ts": """\
            import { str, required, withDefault } from "./env";
            const a = str("WRAPPED_A");
            const b = required("WRAPPED_B");
            const c = withDefault("WRAPPED_C");
            const d = str("WRAPPED_D", "dflt");
            const e = str(someVar);
            """,
        }
    )
    assert got == {
        ("WRAPPED_A", "src/app.ts", 2, False, False),
        ("WRAPPED_B", "src/app.ts", 3, False, False),
        ("WRAPPED_C", "src/app.ts", 4, True, False),
        ("WRAPPED_D", "src/app.ts", 5, True, False),
    }


def test_environment_walk() -> None:
    got = reads(
        {
            "src/walk.js": """\
        const ALLOWED = new Set(["WALK_A", "WALK_B"]);
        const OTHER = ["NOT_READ"];
        function collect() {
          const out = {};
          for (const [k, v] of Object.entries(process.env)) {
            if (ALLOWED.has(k)) out[k] = v;
            switch (k) {
              case "WALK_C":
                break;
            }
          }
          return out;
        }
        """
        }
    )
    assert got == {
        ("WALK_A", "src/walk.js", 1, False, False),
        ("WALK_B", "src/walk.js", 1, False, False),
        ("WALK_C", "src/walk.js", 8, False, False),
    }


def test_envalid_zod_and_t3_env_schemas() -> None:
    got = reads(
        {
            "src/envalid.ts": """\
            import { cleanEnv, str, port } from "envalid";
            export const env = cleanEnv(process.env, {
              PORT: port({ default: 3000 }),
              API_HOST: str(),
            });
            """,
            "src/zod.ts": """\
            import { z } from "zod";
            const schema = z.object({
              DATABASE_URL: z.string().url(),
              PORT: z.coerce.number().default(3000),
              DEBUG: z.string().optional(),
            });
            export const env = schema.parse(process.env);
            const other = z.object({ name: z.string() });
            """,
            "src/t3.ts": """\
            import { createEnv } from "@t3-oss/env-nextjs";
            export const env = createEnv({
              server: { SECRET: z.string(), LOG_LEVEL: z.string().default("info") },
              client: { NEXT_PUBLIC_URL: z.string() },
              runtimeEnv: { SECRET: process.env.SECRET },
            });
            """,
        }
    )
    assert got == {
        ("PORT", "src/envalid.ts", 3, True, False),
        ("API_HOST", "src/envalid.ts", 4, False, False),
        ("DATABASE_URL", "src/zod.ts", 3, False, False),
        ("PORT", "src/zod.ts", 4, True, False),
        ("DEBUG", "src/zod.ts", 5, True, False),
        ("SECRET", "src/t3.ts", 3, False, False),
        ("LOG_LEVEL", "src/t3.ts", 3, True, False),
        ("NEXT_PUBLIC_URL", "src/t3.ts", 4, False, False),
        ("SECRET", "src/t3.ts", 5, False, False),
    }


def test_zod_schema_parsed_through_a_schema_derived_from_it() -> None:
    got = reads(
        {
            "src/config.ts": """\
            const allEnv = z.object({
              PORT: z.coerce.number().default(3000),
              API_URL: z.string().url(),
            });
            const withMail = allEnv.extend({ SMTP_HOST: z.string() });
            const serverConfigSchema = withMail.transform((val, ctx) => {
              return { port: val.PORT, api: val.API_URL };
            });
            const unused = z.object({ NOT_READ: z.string() });
            const other = unused.transform((v) => v);
            export const serverConfig = serverConfigSchema.parse(process.env);
            """,
        }
    )
    assert got == {
        ("PORT", "src/config.ts", 2, True, False),
        ("API_URL", "src/config.ts", 3, False, False),
        ("SMTP_HOST", "src/config.ts", 5, False, False),
    }


def test_t3_env_runtime_env_gives_a_key_another_variable() -> None:
    got = reads(
        {
            "src/env.ts": """\
            export const env = createEnv({
              server: {
                DEFAULT_TEAM_ID: z.string().optional(),
                SMTP_HOST: z.string(),
              },
              runtimeEnv: {
                DEFAULT_TEAM_ID: process.env.SSO_DEFAULT_TEAM_ID,
                SMTP_HOST: process.env["SMTP_HOST"],
              },
            });
            """,
        }
    )
    # The schema's default belongs to the variable runtimeEnv reads for the key.
    assert got == {
        ("SSO_DEFAULT_TEAM_ID", "src/env.ts", 3, True, False),
        ("SMTP_HOST", "src/env.ts", 4, False, False),
        ("SSO_DEFAULT_TEAM_ID", "src/env.ts", 7, False, False),
        ("SMTP_HOST", "src/env.ts", 8, False, False),
    }


def test_generic_arrow_wrapper_with_optional_chaining_across_files() -> None:
    got = reads(
        {
            "packages/lib/utils/env.ts": """\
            type Key = keyof NodeJS.ProcessEnv | (string & {});
            type Value<K extends Key> = K extends keyof NodeJS.ProcessEnv ? string : string | undefined;

            export const env = <K extends Key>(variable: K): Value<K> => {
              if (typeof window !== 'undefined' && typeof window.__ENV__ === 'object') {
                return window.__ENV__[variable as string] as Value<K>;
              }
              return (typeof process !== 'undefined' ? process?.env?.[variable] : undefined) as Value<K>;
            };

            export const requireEnv = <K extends Record<string, Key>>(variable: K, error?: Error) => {
              const value = env(variable);
              if (!value) throw error;
              return value;
            };
            """,
            "packages/lib/debug.ts": """\
            import { env } from './utils/env';
            import { requireEnv } from '@acme/lib/utils/env';
            export const flags = {
              auth: env('FLAG_DEBUG_AUTH') === 'true',
              id: env('FLAG_APP_ID') || 'app',
            };
            const key = requireEnv('FLAG_SECRET');
            const dynamic = env(flagMap[provider]);
            const optional = process?.env?.OPT_CHAINED;
            """,
        }
    )
    assert got == {
        ("FLAG_DEBUG_AUTH", "packages/lib/debug.ts", 4, False, False),
        ("FLAG_APP_ID", "packages/lib/debug.ts", 5, True, False),
        ("FLAG_SECRET", "packages/lib/debug.ts", 7, False, False),
        ("OPT_CHAINED", "packages/lib/debug.ts", 9, False, False),
    }


def test_generic_wrapper_name_followed_only_where_imported_from_its_module() -> None:
    got = reads(
        {
            "src/config/index.ts": "export function get(key: string) { return process.env[key]; }\n",
            "src/app.ts": """\
            import {
              get,
            } from "./config";
            const a = get("IMPORTED_GET");
            """,
            "src/other.ts": """\
            import { get } from "lodash";
            const b = get("NOT_ENV");
            """,
            "src/plain.ts": 'const c = get("ALSO_NOT_ENV");\n',
            "src/renamed.ts": 'import { get as g } from "./config";\nconst d = get("NOT_THIS_ONE");\n',
        }
    )
    assert got == {("IMPORTED_GET", "src/app.ts", 4, False, False)}


def test_vite_builtin_constants_are_not_variables() -> None:
    got = reads(
        {
            "web/src/main.ts": """\
            const base = import.meta.env.BASE_URL;
            if (import.meta.env.DEV || import.meta.env.PROD || import.meta.env.SSR) {}
            const mode = import.meta.env["MODE"];
            const { MODE, VITE_API } = import.meta.env;
            const url = import.meta.env.VITE_ROOT_URL;
            const own = process.env.MODE;
            """
        }
    )
    assert got == {
        ("VITE_API", "web/src/main.ts", 4, False, False),
        ("VITE_ROOT_URL", "web/src/main.ts", 5, False, False),
        ("MODE", "web/src/main.ts", 6, False, False),
    }


def test_calls_whose_arguments_start_on_later_lines() -> None:
    got = reads(
        {
            "src/multi.ts": """\
            const a = Deno.env.get(
              "MULTI_DENO",
            );
            const b = process.env[

              // the key
              "MULTI_INDEX"
            ] ?? "x";
            const c = Deno.env.get(



              "FAR_AWAY",
            );
            """
        }
    )
    assert got == {
        ("MULTI_DENO", "src/multi.ts", 2, False, False),
        ("MULTI_INDEX", "src/multi.ts", 7, True, False),
        ("FAR_AWAY", "src/multi.ts", 13, False, False),
    }


def test_default_after_a_conversion_or_member_call_of_the_value() -> None:
    got = reads(
        {
            "src/config.ts": """\
            const a = Number(process.env.A_NUM) || 3000;
            const c = parseInt(process.env.C_NUM, 10) || 10;
            const d = this.toBool(process.env.D_BOOL) ?? false;
            const e = process.env.E_VAL?.trim() || "x";
            const f = process.env.F_VAL?.split(",") ?? [];
            const g = Number(process.env.G_NUM);
            const h = process.env.H_VAL === "1" || other;
            """,
        }
    )
    assert got == {
        ("A_NUM", "src/config.ts", 1, True, False),
        ("C_NUM", "src/config.ts", 2, True, False),
        ("D_BOOL", "src/config.ts", 3, True, False),
        ("E_VAL", "src/config.ts", 4, True, False),
        ("F_VAL", "src/config.ts", 5, True, False),
        ("G_NUM", "src/config.ts", 6, False, False),
        ("H_VAL", "src/config.ts", 7, False, False),
    }


def test_joi_and_yup_schemas_validated_against_the_environment() -> None:
    got = reads(
        {
            "src/joi.js": """\
            const Joi = require("joi");
            const envSchema = Joi.object()
              .keys({
                STORE_URL: Joi.string().required(),
                STORE_POOL: Joi.number().default(4),
                STORE_TRACE: Joi.boolean(),
              })
              .unknown();
            const { value } = envSchema.prefs({ errors: { label: "key" } }).validate(process.env);
            const body = Joi.object({ TITLE: Joi.string().required() });
            body.validate(request.payload);
            """,
            "src/yup.ts": """\
            import * as yup from "yup";
            export const cfg = yup
              .object({ MAILER_FROM: yup.string().required(), MAILER_TLS: yup.boolean() })
              .validateSync({ ...process.env });
            """,
        }
    )
    # a joi or yup key is optional unless `.required()`; a schema validating a payload reads nothing
    assert got == {
        ("STORE_URL", "src/joi.js", 4, False, False),
        ("STORE_POOL", "src/joi.js", 5, True, False),
        ("STORE_TRACE", "src/joi.js", 6, True, False),
        ("MAILER_FROM", "src/yup.ts", 3, False, False),
        ("MAILER_TLS", "src/yup.ts", 3, True, False),
    }


def test_nest_validation_schema_inline_or_imported() -> None:
    got = reads(
        {
            "src/app.module.ts": """\
            import * as Joi from "joi";
            import { queueSchema } from "./config/queue.schema";
            @Module({
              imports: [
                ConfigModule.forRoot({
                  validationSchema: Joi.object({
                    LISTEN_PORT: Joi.number().port().default(3000),
                    SESSION_KEY: Joi.string().required(),
                  }),
                }),
                ConfigModule.forFeature({ validationSchema: queueSchema }),
              ],
            })
            export class AppModule {}
            """,
            "src/config/queue.schema.ts": """\
            import Joi from "joi";
            export const queueSchema = Joi.object({
              QUEUE_ADDR: Joi.string().uri().required(),
            });
            export const unrelated = Joi.object({ OTHER_KEY: Joi.string().required() });
            """,
        }
    )
    assert got == {
        ("LISTEN_PORT", "src/app.module.ts", 7, True, False),
        ("SESSION_KEY", "src/app.module.ts", 8, False, False),
        ("QUEUE_ADDR", "src/config/queue.schema.ts", 3, False, False),
    }


def test_a_form_validation_schema_is_no_environment_schema() -> None:
    got = reads(
        {
            "src/pages/SignupForm.jsx": """\
            import * as Yup from "yup";
            const validationSchema = Yup.object({
              email: Yup.string().required("Email is required"),
              API_TOKEN: Yup.string(),
            });
            export function SignupForm() {
              const formik = useFormik({ validationSchema: validationSchema, onSubmit });
              const other = useFormik({
                validationSchema: Yup.object({ RETRIES: Yup.number() }),
              });
              return null;
            }
            """
        }
    )
    assert got == set()


def test_zod_schema_declared_in_one_file_parsed_in_another() -> None:
    got = reads(
        {
            "src/env/schema.ts": """\
            import { z } from "zod";
            export const serverSchema = z.object({
              SMTP_HOST: z.string(),
              SMTP_PORT: z.coerce.number().default(587),
            });
            export const formSchema = z.object({ FORM_FIELD: z.string() });
            """,
            "src/env/index.ts": """\
            import { serverSchema } from "./schema";
            const parsed = serverSchema.safeParse(process.env);
            export const env = parsed.success ? parsed.data : undefined;
            """,
        }
    )
    assert got == {
        ("SMTP_HOST", "src/env/schema.ts", 3, False, False),
        ("SMTP_PORT", "src/env/schema.ts", 4, True, False),
    }


def test_env_var_library_getters() -> None:
    got = reads(
        {
            "src/config.ts": """\
            import * as env from "env-var";
            export const config = {
              port: env.get("HTTP_PORT").default("8080").asPortNumber(),
              key: env.get("SIGNING_KEY").required().asString(),
              region: env.from(process.env).get("STORAGE_REGION").asString(),
            };
            const cache = new Map<string, string>();
            cache.get("NOT_A_VARIABLE");
            """,
            "src/other.ts": """\
            import { get } from "env-var";
            export const token = get("BOT_TOKEN").required().asString();
            """,
        }
    )
    assert got == {
        ("HTTP_PORT", "src/config.ts", 3, True, False),
        ("SIGNING_KEY", "src/config.ts", 4, False, False),
        ("STORAGE_REGION", "src/config.ts", 5, False, False),
        ("BOT_TOKEN", "src/other.ts", 2, False, False),
    }


def test_environment_copies_and_accessors_read_elsewhere() -> None:
    got = reads(
        {
            "src/settings.ts": """\
            const defaults = { LOG_LEVEL: "info" };
            export const settings: Record<string, string> = { ...defaults, ...process.env };
            const merged = { ...defaults, ...process.env };
            export function useSettings() {
              return merged;
            }
            """,
            "src/app.ts": """\
            import { settings, useSettings } from "./settings";
            const a = settings.COPY_A;
            const current = useSettings();
            const b = current["COPY_B"];
            const c = useSettings().COPY_C;
            """,
        }
    )
    assert got == {
        ("COPY_A", "src/app.ts", 2, False, False),
        ("COPY_B", "src/app.ts", 4, False, False),
        ("COPY_C", "src/app.ts", 5, False, False),
    }


def test_environment_merged_into_a_copy_then_exported() -> None:
    got = reads(
        {
            "server/utils/environment.ts": """\
            import dotenv from "dotenv";
            let environment: Record<string, string | undefined> = {};
            try {
              environment = { ...dotenv.parse(readFileSync(".env", "utf8")), ...process.env };
            } catch {
              environment = process.env;
            }
            export default environment;
            """,
            "server/config.ts": """\
            import environment from "./utils/environment";
            export const url = environment.MERGED_URL;
            const settings = Object.assign({}, loadDefaults(), process.env);
            export const level = settings.MERGED_LEVEL;
            const child = { env: { ...process.env, CHILD_ONLY: "1" } };
            const other = Object.assign({}, process.env.HOME_DIR);
            """,
        }
    )
    assert got == {
        ("MERGED_URL", "server/config.ts", 2, False, False),
        ("MERGED_LEVEL", "server/config.ts", 4, False, False),
        ("HOME_DIR", "server/config.ts", 6, False, False),
    }


def test_configuration_functions_given_the_env_helper() -> None:
    got = reads(
        {
            "config/server.ts": """\
            export default ({ env }) => ({
              host: env("BIND_HOST", "0.0.0.0"),
              port: env.int("BIND_PORT", 1337),
              app: { keys: env.array("SIGNING_KEYS") },
            });
            """,
            "config/plugins.js": """\
            module.exports = ({ env, strapi }) => ({
              upload: { bucket: env("UPLOAD_BUCKET") },
            });
            """,
            "src/other.js": """\
            const env = (k) => lookup(k);
            env("NOT_THE_HELPER");
            """,
        }
    )
    assert got == {
        ("BIND_HOST", "config/server.ts", 2, True, False),
        ("BIND_PORT", "config/server.ts", 3, True, False),
        ("SIGNING_KEYS", "config/server.ts", 4, False, False),
        ("UPLOAD_BUCKET", "config/plugins.js", 2, False, False),
    }


def test_sveltekit_environment_modules() -> None:
    got = reads(
        {
            "src/lib/server/db.ts": """\
            import { DATABASE_URL, SIGNING_SECRET as secret } from "$env/static/private";
            import { env } from "$env/dynamic/private";
            import { env as pub } from "$env/dynamic/public";
            export const host = env.MAIL_HOST;
            export const site = pub.PUBLIC_SITE_NAME;
            """,
        }
    )
    assert got == {
        ("DATABASE_URL", "src/lib/server/db.ts", 1, False, False),
        ("SIGNING_SECRET", "src/lib/server/db.ts", 1, False, False),
        ("MAIL_HOST", "src/lib/server/db.ts", 4, False, False),
        ("PUBLIC_SITE_NAME", "src/lib/server/db.ts", 5, False, False),
    }


def test_adonis_environment_schema_and_getter() -> None:
    got = reads(
        {
            "start/env.ts": """\
            import { Env } from "@adonisjs/core/env";
            export default await Env.create(new URL("../", import.meta.url), {
              LISTEN_PORT: Env.schema.number(),
              APP_SECRET: Env.schema.string(),
              MAILER_HOST: Env.schema.string.optional(),
            });
            """,
            "config/database.ts": """\
            import env from "#start/env";
            export const db = { host: env.get("PG_HOST"), port: env.get("PG_PORT", 5432) };
            """,
        }
    )
    assert got == {
        ("LISTEN_PORT", "start/env.ts", 3, False, False),
        ("APP_SECRET", "start/env.ts", 4, False, False),
        ("MAILER_HOST", "start/env.ts", 5, True, False),
        ("PG_HOST", "config/database.ts", 2, False, False),
        ("PG_PORT", "config/database.ts", 2, True, False),
    }


def test_envsafe_znv_and_json_schema_environments() -> None:
    got = reads(
        {
            "src/env.ts": """\
            import { envsafe, str, port } from "envsafe";
            export const env = envsafe({
              SAFE_SECRET: str(),
              SAFE_PORT: port({ devDefault: 3000, default: 80 }),
            });
            """,
            "src/znv.ts": """\
            import { parseEnv } from "znv";
            export const cfg = parseEnv(process.env, {
              ZNV_URL: z.string().url(),
              ZNV_WORKERS: z.number().default(3),
            });
            """,
            "src/server.ts": """\
            import fastifyEnv from "@fastify/env";
            const schema = {
              type: "object",
              required: ["HTTP_PORT", "HTTP_SECRET"],
              properties: {
                HTTP_PORT: { type: "string", default: 3000 },
                HTTP_SECRET: { type: "string" },
                HTTP_DEBUG: { type: "boolean" },
              },
            };
            app.post("/x", { schema: { body: { type: "object", properties: { name: { type: "string" } } } } });
            await app.register(fastifyEnv, { schema });
            """,
        }
    )
    assert got == {
        ("SAFE_SECRET", "src/env.ts", 3, False, False),
        ("SAFE_PORT", "src/env.ts", 4, True, False),
        ("ZNV_URL", "src/znv.ts", 3, False, False),
        ("ZNV_WORKERS", "src/znv.ts", 4, True, False),
        ("HTTP_PORT", "src/server.ts", 6, True, False),
        ("HTTP_SECRET", "src/server.ts", 7, False, False),
        ("HTTP_DEBUG", "src/server.ts", 8, True, False),
    }


def test_env_getters_imported_from_a_package() -> None:
    got = reads(
        {
            "packages/core/src/values.ts": """\
            import { assertEnv, getEnv, getEnvAsStringArray, yes } from "@acme/toolbox";
            export class Values {
              public readonly trustProxy = yes(getEnv("TRUST_PROXY"));
              public readonly poolSize = Number(getEnv("POOL_SIZE", "20"));
              public readonly dbUrl = assertEnv("DB_URL");
              public readonly keys = getEnvAsStringArray("SIGNING_KEYS");
              public readonly stage = getEnv("production");
            }
            """,
            "packages/core/src/other.ts": """\
            import { getEnv } from "./missing-helper";
            export const x = getEnv("NOT_FROM_A_PACKAGE");
            """,
        }
    )
    assert got == {
        ("TRUST_PROXY", "packages/core/src/values.ts", 3, False, False),
        ("POOL_SIZE", "packages/core/src/values.ts", 4, True, False),
        ("DB_URL", "packages/core/src/values.ts", 5, False, False),
        ("SIGNING_KEYS", "packages/core/src/values.ts", 6, False, False),
    }


def test_envalid_validators_named_here_or_in_another_file() -> None:
    got = reads(
        {
            "apps/worker/src/config/env.ts": """\
            import { cleanEnv, str, port } from "envalid";
            export const validate = () => cleanEnv(process.env, validators);
            export const validators = {
              WORKER_PORT: port(),
              WORKER_KEY: str({ default: "" }),
              ...(process.env.STORAGE === "s3" && {
                BUCKET_NAME: str(),
              }),
            };
            """,
            "apps/api/src/config/validators.ts": """\
            export const apiValidators = { API_HOST: str(), API_MODE: str({ default: "x" }) };
            export const unrelated = { NOT_VALIDATED: str() };
            """,
            "apps/api/src/config/index.ts": """\
            import { cleanEnv } from "envalid";
            import { apiValidators } from "./validators";
            export const env = cleanEnv(process.env, apiValidators);
            """,
        }
    )
    assert got == {
        ("WORKER_PORT", "apps/worker/src/config/env.ts", 4, False, False),
        ("WORKER_KEY", "apps/worker/src/config/env.ts", 5, True, False),
        ("STORAGE", "apps/worker/src/config/env.ts", 6, False, False),
        ("BUCKET_NAME", "apps/worker/src/config/env.ts", 7, False, False),
        ("API_HOST", "apps/api/src/config/validators.ts", 1, False, False),
        ("API_MODE", "apps/api/src/config/validators.ts", 1, True, False),
    }


def test_reads_inside_and_after_template_literals_holding_slashes_and_quotes() -> None:
    got = reads(
        {
            "src/db.ts": """\
            const url = `postgres://${process.env.PG_USER}:${process.env.PG_PASS}@${process.env.PG_HOST}/app`;
            const msg = `Can't reach ${process.env.MQ_HOST}`; // process.env.IN_A_COMMENT
            const glob = `${root}/**/*`;
            export const port = process.env.AFTER_GLOB;
            const nested = `${`redis://${process.env.CACHE_HOST}`}`; /* process.env.IN_A_BLOCK */
            """,
        }
    )
    assert got == {
        ("PG_USER", "src/db.ts", 1, False, False),
        ("PG_PASS", "src/db.ts", 1, False, False),
        ("PG_HOST", "src/db.ts", 1, False, False),
        ("MQ_HOST", "src/db.ts", 2, False, False),
        ("AFTER_GLOB", "src/db.ts", 4, False, False),
        ("CACHE_HOST", "src/db.ts", 5, False, False),
    }


def test_extensionless_node_scripts_by_their_shebang() -> None:
    got = reads(
        {
            "bin/www": """\
            #!/usr/bin/env node
            const port = normalizePort(process.env.LISTEN_PORT || "3000");
            """,
            "bin/worker": """\
            #!/usr/bin/env -S node --enable-source-maps
            require("../dist/worker").start(process.env.QUEUE_NAME);
            """,
            "bin/other": """\
            #!/usr/bin/env ruby
            puts process.env.NOT_JAVASCRIPT
            """,
        }
    )
    assert got == {
        ("LISTEN_PORT", "bin/www", 2, True, False),
        ("QUEUE_NAME", "bin/worker", 2, False, False),
    }


def test_nconf_get_of_a_variable_name_after_env() -> None:
    got = reads(
        {
            "src/config.js": """\
            const nconf = require("nconf");
            nconf.argv().env({ separator: "__" }).defaults({ PORT: 3000 });
            module.exports = nconf;
            """,
            "src/server.js": """\
            const nconf = require("./config");
            const port = nconf.get("PORT");
            const url = nconf.get("DATABASE_URL");
            const section = nconf.get("database");
            const other = settings.get("REDIS_URL");
            """,
        }
    )
    assert got == {
        ("PORT", "src/server.js", 2, False, False),
        ("DATABASE_URL", "src/server.js", 3, False, False),
    }


def test_a_wrapper_call_with_a_fallback_of_its_own_has_a_default() -> None:
    got = reads(
        {
            "src/vars.ts": """\
            const text = (key: string) => process.env[key];
            export const port = Number(text("LISTEN_PORT")) || 3000;
            export const host = text("LISTEN_HOST") ?? "0.0.0.0";
            export const token = text("API_TOKEN");
            """
        }
    )
    assert got == {
        ("LISTEN_PORT", "src/vars.ts", 2, True, False),
        ("LISTEN_HOST", "src/vars.ts", 3, True, False),
        ("API_TOKEN", "src/vars.ts", 4, False, False),
    }


def test_config_class_fields_bound_by_a_decorator() -> None:
    got = reads(
        {
            "src/config/queue.ts": """\
            import { Config, Env } from "@acme/config-decorators";

            @Config
            export class QueueConfig {
              /** Where jobs go; `@Env("NOT_IN_A_COMMENT")` is not read. */
              @Env("QUEUE_BACKEND")
              backend: "memory" | "redis" = "memory";

              @Env("QUEUE_REDIS_URL")
              redisUrl!: string;

              @EnvVar('QUEUE_CONCURRENCY') readonly concurrency: number = 4;

              label = "@Env('NOT_IN_A_STRING')";
            }
            """
        }
    )
    assert got == {
        ("QUEUE_BACKEND", "src/config/queue.ts", 6, True, False),
        ("QUEUE_REDIS_URL", "src/config/queue.ts", 9, False, False),
        ("QUEUE_CONCURRENCY", "src/config/queue.ts", 12, True, False),
    }
