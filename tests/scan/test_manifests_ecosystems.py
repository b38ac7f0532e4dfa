"""Manifest readers for Go, Ruby, Rust, Maven, Gradle, Composer and NuGet."""

from __future__ import annotations

from textwrap import dedent

from integrations_drift.scan.manifests import manifest_paths, read_manifest, scan_manifests

Row = tuple[str, str, int, bool]


def rows(path: str, text: str) -> list[Row]:
    deps, warnings = read_manifest(path, dedent(text).encode())
    assert warnings == []
    return [(d.ecosystem, d.name, d.line, d.dev) for d in deps]


def versions(path: str, text: str) -> dict[str, str | None]:
    deps, warnings = read_manifest(path, dedent(text).encode())
    assert warnings == []
    return {d.name: d.version for d in deps}


def test_go_mod_require_lines_and_blocks() -> None:
    text = """\
    module github.com/example/svc

    go 1.22

    require ()

    tool (
        golang.org/x/tools/cmd/stringer
    )

    require github.com/stripe/stripe-go/v76 v76.10.0

    require (
        github.com/aws/aws-sdk-go-v2 v1.24.1
        github.com/jackc/pgx/v5 v5.5.2 // indirect
        "github.com/quoted/mod" v1.0.0
    )

    replace github.com/aws/aws-sdk-go-v2 => ../aws-fork

    replace (
        github.com/old/mod v1.0.0 => github.com/new/mod v1.1.0
    )

    exclude github.com/bad/mod v0.1.0
    """
    assert rows("go.mod", text) == [
        ("go", "github.com/stripe/stripe-go/v76", 11, False),
        ("go", "github.com/aws/aws-sdk-go-v2", 14, False),
        ("go", "github.com/quoted/mod", 16, False),  # pgx is only a dependency's dependency (// indirect)
    ]
    assert versions("go.mod", text)["github.com/stripe/stripe-go/v76"] == "v76.10.0"


GEMFILE = """\
source "https://rubygems.org"
ruby "3.3.0"

gem "rails", "~> 7.1", ">= 7.1.2"
gem 'pg' # database
gem "aws-sdk-s3", require: false
gem "rspec-rails", group: :test
gem "pry", groups: [:development, :test]
gem "skylight", group: [:production]
gem "debug", platforms: %i[mri windows], group: %i[development]

group :development, :test do
  gem "factory_bot_rails"
  platforms :mri do
    gem "byebug"
  end
  if ENV["CI"]
    gem "simplecov"
  end
end

group :production do
  gem "newrelic_rpm"
end

gem "sidekiq", "~> 7.0"
gemspec
"""


def test_gemfile_lines_groups_and_versions() -> None:
    assert rows("Gemfile", GEMFILE) == [
        ("rubygems", "rails", 4, False),
        ("rubygems", "pg", 5, False),
        ("rubygems", "aws-sdk-s3", 6, False),
        ("rubygems", "rspec-rails", 7, True),
        ("rubygems", "pry", 8, True),
        ("rubygems", "skylight", 9, False),
        ("rubygems", "debug", 10, True),
        ("rubygems", "factory_bot_rails", 13, True),
        ("rubygems", "byebug", 15, True),
        ("rubygems", "simplecov", 18, True),
        ("rubygems", "newrelic_rpm", 23, False),
        ("rubygems", "sidekiq", 26, False),
    ]
    got = versions("Gemfile", GEMFILE)
    assert got["rails"] == "~> 7.1, >= 7.1.2"
    assert got["aws-sdk-s3"] is None
    assert got["sidekiq"] == "~> 7.0"


def test_gemspec_runtime_and_development_dependencies() -> None:
    text = """\
    Gem::Specification.new do |spec|
      spec.name = "client"
      spec.add_dependency "faraday", "~> 2.0"
      spec.add_runtime_dependency("twilio-ruby")
      spec.add_development_dependency "rake", ">= 13"
    end
    """
    assert rows("client.gemspec", text) == [
        ("rubygems", "faraday", 3, False),
        ("rubygems", "twilio-ruby", 4, False),
        ("rubygems", "rake", 5, True),
    ]


def test_gemfile_lock_dependencies_section_only() -> None:
    text = """\
    GEM
      remote: https://rubygems.org/
      specs:
        redis (5.0.8)
          redis-client (>= 0.17.0)
        stripe (10.5.0)

    PLATFORMS
      x86_64-linux

    DEPENDENCIES
      redis (~> 5.0)
      stripe
      my_fork!

    BUNDLED WITH
       2.5.3
    """
    assert rows("Gemfile.lock", text) == [
        ("rubygems", "redis", 12, False),
        ("rubygems", "stripe", 13, False),
        ("rubygems", "my_fork", 14, False),
    ]
    assert manifest_paths(["Gemfile", "Gemfile.lock", "old/Gemfile.lock"]) == ["Gemfile"]
    assert manifest_paths(["Gemfile.lock", "old/Gemfile.lock"]) == ["Gemfile.lock", "old/Gemfile.lock"]


CARGO = """\
[package]
name = "svc"
version = "0.1.0"

[dependencies]
tokio = { version = "1", features = ["full"] }
reqwest = "0.11"
pg = { package = "tokio-postgres", version = "0.7" }
serde.workspace = true

[dependencies.aws-sdk-s3]
version = "1.12"
default-features = false

[dev-dependencies]
wiremock = "0.5"

[build-dependencies]
prost-build = "0.12"

[target.'cfg(unix)'.dependencies]
nix = "0.27"

[target."cfg(windows)".dev-dependencies]
winapi-test = "1"

[workspace.dependencies]
serde = { version = "1.0", features = ["derive"] }
"""


def test_cargo_tables_renames_and_lines() -> None:
    assert rows("Cargo.toml", CARGO) == [
        ("crates", "tokio", 6, False),
        ("crates", "tokio/full", 6, False),  # a feature: which backend a crate serves
        ("crates", "reqwest", 7, False),
        ("crates", "tokio-postgres", 8, False),
        ("crates", "serde", 9, False),
        ("crates", "aws-sdk-s3", 11, False),
        ("crates", "wiremock", 16, True),
        ("crates", "prost-build", 19, False),
        ("crates", "nix", 22, False),
        ("crates", "winapi-test", 25, True),
        ("crates", "serde", 28, False),
        ("crates", "serde/derive", 28, False),
    ]
    got = versions("Cargo.toml", CARGO)
    assert got["tokio-postgres"] == "0.7"
    assert got["aws-sdk-s3"] == "1.12"


POM = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>svc</artifactId>
  <version>1.0.0</version>
  <properties>
    <aws.version>2.25.0</aws.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>software.amazon.awssdk</groupId>
        <artifactId>bom</artifactId>
        <version>${aws.version}</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <!-- <dependency><groupId>x</groupId><artifactId>commented-out</artifactId></dependency> -->
    <dependency>
      <groupId>com.stripe</groupId>
      <artifactId>stripe-java</artifactId>
      <version>24.0.0</version>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <scope>test</scope>
    </dependency>
    <dependency><groupId>com.example</groupId><artifactId>svc-common</artifactId><version>${project.version}</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <dependencies>
          <dependency>
            <groupId>org.example</groupId>
            <artifactId>plugin-only</artifactId>
          </dependency>
        </dependencies>
      </plugin>
    </plugins>
  </build>
  <profiles>
    <profile>
      <id>kafka</id>
      <dependencies>
        <dependency>
          <groupId>org.apache.kafka</groupId>
          <artifactId>kafka-clients</artifactId>
        </dependency>
      </dependencies>
    </profile>
  </profiles>
</project>
"""


def test_pom_dependencies_management_profiles_and_scope() -> None:
    assert rows("pom.xml", POM) == [
        # an imported BOM pins versions; it puts nothing on the classpath
        ("maven", "software.amazon.awssdk:bom", 15, True),
        ("maven", "com.stripe:stripe-java", 26, False),
        ("maven", "org.junit.jupiter:junit-jupiter", 31, True),
        ("maven", "com.example:svc-common", 34, False),
        ("maven", "org.apache.kafka:kafka-clients", 56, False),
    ]
    got = versions("pom.xml", POM)
    assert got["software.amazon.awssdk:bom"] == "2.25.0"
    assert got["com.example:svc-common"] == "1.0.0"
    assert got["org.junit.jupiter:junit-jupiter"] is None


GRADLE_KTS = """\
plugins {
    id("org.springframework.boot") version "3.2.0"
}

dependencies {
    implementation("com.google.cloud:google-cloud-pubsub:1.126.0")
    implementation(platform("software.amazon.awssdk:bom:2.25.0"))
    api("io.sentry:sentry:7.0.0")
    compileOnly("org.projectlombok:lombok")
    runtimeOnly("org.postgresql:postgresql:42.7.1")
    kapt("com.google.dagger:dagger-compiler:2.50")
    implementation(group = "com.twilio.sdk", name = "twilio", version = "10.0.0")
    implementation(libs.okhttp)
    implementation(project(":core"))
    // implementation("com.example:commented-out:1.0")
    /* testImplementation("com.example:block-commented:1.0") */
    testImplementation("org.testcontainers:localstack:1.19.3")
    androidTestImplementation("androidx.test:runner:1.5.2@aar")
    debugImplementation("com.squareup.leakcanary:leakcanary-android:2.12")
}
"""

GRADLE_GROOVY = """\
buildscript {
    dependencies {
        classpath 'com.android.tools.build:gradle:8.2.0'
    }
}
dependencies {
    implementation 'com.amazonaws:aws-java-sdk-s3:1.12.600'
    implementation "com.google.firebase:firebase-messaging:$firebaseVersion"
    testImplementation group: 'org.mockito', name: 'mockito-core', version: '5.8.0'
    compile 'redis.clients:jedis:2.9.0'
}
"""


def test_gradle_kotlin_dsl_forms() -> None:
    assert rows("app/build.gradle.kts", GRADLE_KTS) == [
        ("maven", "com.google.cloud:google-cloud-pubsub", 6, False),
        ("maven", "software.amazon.awssdk:bom", 7, True),
        ("maven", "io.sentry:sentry", 8, False),
        ("maven", "org.projectlombok:lombok", 9, False),
        ("maven", "org.postgresql:postgresql", 10, False),
        ("maven", "com.google.dagger:dagger-compiler", 11, False),
        ("maven", "com.twilio.sdk:twilio", 12, False),
        ("maven", "org.testcontainers:localstack", 17, True),
        ("maven", "androidx.test:runner", 18, True),
        ("maven", "com.squareup.leakcanary:leakcanary-android", 19, False),
    ]
    got = versions("app/build.gradle.kts", GRADLE_KTS)
    assert got["org.projectlombok:lombok"] is None
    assert got["androidx.test:runner"] == "1.5.2"
    assert got["com.twilio.sdk:twilio"] == "10.0.0"


POM_PINS = """\
<project>
  <groupId>com.example</groupId>
  <artifactId>parent</artifactId>
  <version>1</version>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.stripe</groupId>
        <artifactId>stripe-java</artifactId>
        <version>24.0.0</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>com.mysql</groupId>
      <artifactId>mysql-connector-j</artifactId>
      <optional>true</optional>
    </dependency>
    <dependency>
      <groupId>io.sentry</groupId>
      <artifactId>sentry</artifactId>
      <optional>false</optional>
    </dependency>
  </dependencies>
</project>
"""


def test_pom_version_pins_and_optional_dependencies_are_development() -> None:
    # a managed version is a pin a module may never use; an optional one is left to dependents
    assert rows("pom.xml", POM_PINS) == [
        ("maven", "com.stripe:stripe-java", 9, True),
        ("maven", "com.mysql:mysql-connector-j", 17, True),
        ("maven", "io.sentry:sentry", 22, False),
    ]


def test_gradle_development_only_is_development() -> None:
    text = """\
    dependencies {
        developmentOnly("org.springframework.boot:spring-boot-devtools")
        implementation("io.sentry:sentry:7.0.0")
    }
    """
    assert rows("build.gradle.kts", text) == [
        ("maven", "org.springframework.boot:spring-boot-devtools", 2, True),
        ("maven", "io.sentry:sentry", 3, False),
    ]


def test_gradle_groovy_forms() -> None:
    assert rows("build.gradle", GRADLE_GROOVY) == [
        ("maven", "com.amazonaws:aws-java-sdk-s3", 7, False),
        ("maven", "com.google.firebase:firebase-messaging", 8, False),
        ("maven", "org.mockito:mockito-core", 9, True),
        ("maven", "redis.clients:jedis", 10, False),
    ]


def test_gradle_version_catalog() -> None:
    text = """\
    [versions]
    okhttp = "4.12.0"

    [libraries]
    okhttp = { module = "com.squareup.okhttp3:okhttp", version.ref = "okhttp" }
    stripe = "com.stripe:stripe-java:24.0.0"
    datadog = { group = "com.datadoghq", name = "dd-trace-api", version = "1.30.0" }
    bare = { module = "com.example:bare" }

    [plugins]
    kotlin = { id = "org.jetbrains.kotlin.jvm", version = "1.9.22" }
    """
    assert rows("gradle/libs.versions.toml", text) == [
        ("maven", "com.squareup.okhttp3:okhttp", 5, False),
        ("maven", "com.stripe:stripe-java", 6, False),
        ("maven", "com.datadoghq:dd-trace-api", 7, False),
        ("maven", "com.example:bare", 8, False),
    ]
    got = versions("gradle/libs.versions.toml", text)
    assert got == {
        "com.squareup.okhttp3:okhttp": "4.12.0",
        "com.stripe:stripe-java": "24.0.0",
        "com.datadoghq:dd-trace-api": "1.30.0",
        "com.example:bare": None,
    }


def test_gradle_catalog_entries_used_only_by_tests_are_development() -> None:
    catalog = """\
    [libraries]
    twilio = { module = "com.twilio.sdk:twilio", version = "10.0.0" }
    redis-jedis = "redis.clients:jedis:5.0.0"
    kafka = "org.apache.kafka:kafka-clients:3.6.0"
    stripe = "com.stripe:stripe-java:24.0.0"
    """
    app = """\
    dependencies {
        implementation(libs.twilio)
        testImplementation(libs.redis.jedis)
        testImplementation(libs.kafka)
        // implementation(libs.redis.jedis)
    }
    """
    worker = """\
    dependencies {
        implementation libs.kafka
    }
    """
    files = {
        "gradle/libs.versions.toml": dedent(catalog).encode(),
        "app/build.gradle.kts": dedent(app).encode(),
        "worker/build.gradle": dedent(worker).encode(),
    }
    result = scan_manifests(list(files), files.get)
    assert result.warnings == []
    assert {d.name: d.dev for d in result.deps if d.path == "gradle/libs.versions.toml"} == {
        "com.twilio.sdk:twilio": False,
        # only a test source set declares it
        "redis.clients:jedis": True,
        # a test here, the application's classpath in another module
        "org.apache.kafka:kafka-clients": False,
        # no build file names it (a bundle may): the catalog's word stands
        "com.stripe:stripe-java": False,
    }


def test_composer_json_and_lock() -> None:
    text = """\
    {
        "name": "acme/shop",
        "require": {
            "php": ">=8.1",
            "ext-json": "*",
            "composer-runtime-api": "^2",
            "guzzlehttp/guzzle": "^7.8",
            "aws/aws-sdk-php": "^3.0"
        },
        "require-dev": {
            "phpunit/phpunit": "^10.5"
        }
    }
    """
    assert rows("composer.json", text) == [
        ("composer", "ext-json", 5, False),  # an extension may be a service's client (ext-pgsql)
        ("composer", "guzzlehttp/guzzle", 7, False),
        ("composer", "aws/aws-sdk-php", 8, False),
        ("composer", "phpunit/phpunit", 11, True),
    ]
    lock = """\
    {
        "packages": [
            {
                "name": "sendgrid/sendgrid",
                "version": "8.1.0"
            }
        ],
        "packages-dev": [
            {"name": "mockery/mockery", "version": "1.6.7"}
        ]
    }
    """
    assert rows("composer.lock", lock) == [
        ("composer", "sendgrid/sendgrid", 4, False),
        ("composer", "mockery/mockery", 9, True),
    ]


def test_csproj_central_versions_and_packages_config() -> None:
    csproj = """\
    <Project Sdk="Microsoft.NET.Sdk">
      <PropertyGroup>
        <TargetFramework>net8.0</TargetFramework>
      </PropertyGroup>
      <ItemGroup>
        <PackageReference Include="AWSSDK.S3" Version="3.7.300" />
        <PackageReference Include="Stripe.net">
          <Version>43.0.0</Version>
        </PackageReference>
        <PackageReference Update="Newtonsoft.Json" Version="13.0.3" />
        <ProjectReference Include="..\\Core\\Core.csproj" />
      </ItemGroup>
    </Project>
    """
    assert rows("src/Api/Api.csproj", csproj) == [
        ("nuget", "AWSSDK.S3", 6, False),
        ("nuget", "Stripe.net", 7, False),
    ]
    assert versions("src/Api/Api.csproj", csproj)["Stripe.net"] == "43.0.0"
    props = """\
    <Project>
      <ItemGroup>
        <PackageVersion Include="Azure.Storage.Blobs" Version="12.19.1" />
      </ItemGroup>
    </Project>
    """
    assert rows("Directory.Packages.props", props) == [("nuget", "Azure.Storage.Blobs", 3, False)]
    config = """\
    <?xml version="1.0" encoding="utf-8"?>
    <packages>
      <package id="SendGrid" version="9.28.1" targetFramework="net48" />
      <package id="StyleCop.Analyzers" version="1.1.118" developmentDependency="true" />
    </packages>
    """
    assert rows("packages.config", config) == [
        ("nuget", "SendGrid", 3, False),
        ("nuget", "StyleCop.Analyzers", 4, True),
    ]


def test_utf16_project_file_with_bom() -> None:
    text = (
        '<?xml version="1.0" encoding="utf-16"?>\n'
        '<packages>\n  <package id="Twilio" version="6.0" />\n</packages>'
    )
    deps, warnings = read_manifest("packages.config", text.encode("utf-16"))
    assert [(d.name, d.line) for d in deps] == [("Twilio", 3)] and warnings == []


def test_gemfile_and_gradle_tolerate_unusual_text() -> None:
    # Text readers cannot be "malformed" the way JSON is: odd lines are skipped, known ones still found.
    assert rows("Gemfile", 'end\nend\ngem "ok"\n') == [("rubygems", "ok", 3, False)]
    assert rows("build.gradle", 'dependencies {\n  implementation "unterminated\n  api "a:b:1"\n') == [
        ("maven", "a:b", 3, False)
    ]


def test_go_mod_own_modules_pointed_at_folders_are_not_dependencies() -> None:
    text = """\
    module github.com/zapco/zapapp

    require (
        github.com/zapco/zapshared v0.0.0
        github.com/zapco/zapldap v0.0.0
        github.com/go-ldap/ldap/v3 v3.4.8
        github.com/vendorx/client v1.0.0
    )

    replace github.com/zapco/zapshared => ../zapshared

    replace (
        github.com/zapco/zapldap v0.0.0 => ./internal/zapldap
        github.com/vendorx/client => ./third_party/client
    )
    """
    assert [r[1] for r in rows("go.mod", text)] == ["github.com/go-ldap/ldap/v3", "github.com/vendorx/client"]


def test_local_specs_are_the_trees_own_packages() -> None:
    cargo = """\
    [workspace.dependencies]
    zap-client = { path = "./libs/client", version = "=1.2.0" }
    lettre = { version = "0.11", default-features = false }
    """
    assert [r[1] for r in rows("Cargo.toml", cargo)] == ["lettre"]
    package = (
        '{"dependencies": {"@zap/db": "workspace:*", "@zap/ui": "file:../ui", "zap-link": "link:../x",'
        ' "pg": "^8.11.0"}}'
    )
    assert [r[1] for r in rows("package.json", package)] == ["pg"]


def test_a_dependency_on_a_package_the_tree_builds_is_its_own_code() -> None:
    files = {
        "Cargo.toml": b'[workspace]\nmembers = ["server", "libs/client"]\n',
        "server/Cargo.toml": b'[package]\nname = "zap_server"\n\n[dependencies]\n'
        b"meilisearch-sdk = { workspace = true }\nldap3 = { workspace = true }\n",
        "libs/client/Cargo.toml": b'[package]\nname = "meilisearch-sdk"\n',
        "package.json": b'{"name": "zap-root", "workspaces": ["packages/*"]}',
        "packages/api/package.json": b'{"name": "@zap/api", "dependencies": {"stripe": "*", "redis": "^4"}}',
        "packages/sdk/package.json": b'{"name": "stripe"}',
    }
    deps = {(d.ecosystem, d.name) for d in scan_manifests(list(files), files.get).deps}
    assert deps == {("crates", "ldap3"), ("npm", "redis")}
