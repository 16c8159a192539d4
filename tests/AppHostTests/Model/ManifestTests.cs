using System.Text.Json.Nodes;
using Pulse.AppHostTests.Support;
using Pulse.TestSupport;
using Pulse.Contracts;

namespace Pulse.AppHostTests.Model;

/// <summary>What the published manifest holds, and what it must not.</summary>
public sealed class ManifestTests(PublishedManifest manifest) : IClassFixture<PublishedManifest>
{
    private readonly JsonObject resources = manifest.Resources;

    [Theory]
    [InlineData(ResourceNames.PostgresServer, "docker.io/library/postgres:15")]
    [InlineData(ResourceNames.Redis, "docker.io/library/redis:7")]
    [InlineData(ResourceNames.MongoServer, "docker.io/library/mongo:7")]
    public void Databases_are_pinned_containers(string name, string image)
    {
        Assert.StartsWith("container.", Type(name), StringComparison.Ordinal);
        Assert.Equal(image, (string?)resources[name]!["image"]);
    }

    [Fact]
    public void Databases_have_connection_strings_over_secret_parameters()
    {
        Assert.Equal("value.v0", Type(ResourceNames.PulseDatabase));
        Assert.Equal("{postgres.connectionString};Database=pulse", (string?)resources[ResourceNames.PulseDatabase]!["connectionString"]);
        Assert.Contains("/pulse_events?authSource=admin", (string?)resources[ResourceNames.EventsDatabase]!["connectionString"], StringComparison.Ordinal);

        foreach (var parameter in new[] { "postgres-password", "redis-password", "mongo-password" })
        {
            Assert.Equal("parameter.v0", Type(parameter));
            Assert.True((bool?)resources[parameter]!["inputs"]!["value"]!["secret"]);
        }
    }

    [Fact]
    public void The_first_admin_key_and_password_are_generated_secrets_given_to_the_migration_step_alone()
    {
        foreach (var (parameter, variable) in new[] { ("pulse-admin-key", "Pulse__Bootstrap__AdminKey"), ("pulse-admin-password", "Pulse__Bootstrap__AdminPassword") })
        {
            Assert.Equal("parameter.v0", Type(parameter));
            var input = resources[parameter]!["inputs"]!["value"]!;
            Assert.True((bool?)input["secret"]);
            Assert.NotNull(input["default"]!["generate"]);
            Assert.Equal($"{{{parameter}.value}}", (string?)resources[ResourceNames.Migrations]!["env"]![variable]);
            foreach (var service in new[] { ResourceNames.Api, ResourceNames.Ingestor, ResourceNames.Web })
            {
                Assert.DoesNotContain($"{{{parameter}.value}}", resources[service]!["env"]!.ToJsonString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_pseudonym_salt_is_a_generated_secret_given_to_the_ingestor_alone()
    {
        const string parameter = "pulse-pseudonym-salt";
        Assert.Equal("parameter.v0", Type(parameter));
        var input = resources[parameter]!["inputs"]!["value"]!;
        Assert.True((bool?)input["secret"]);
        Assert.NotNull(input["default"]!["generate"]);
        Assert.Equal($"{{{parameter}.value}}", (string?)resources[ResourceNames.Ingestor]!["env"]!["Pulse__Erasure__PseudonymSalt"]);
        foreach (var service in new[] { ResourceNames.Api, ResourceNames.Migrations, ResourceNames.Web })
        {
            Assert.DoesNotContain($"{{{parameter}.value}}", resources[service]!["env"]!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(ResourceNames.PostgresServer, "/var/lib/postgresql/data")]
    [InlineData(ResourceNames.Redis, "/data")]
    [InlineData(ResourceNames.MongoServer, "/data/db")]
    public void Each_store_keeps_its_data_in_a_named_volume_so_a_restart_loses_nothing(string name, string dataDirectory)
    {
        var volume = Assert.Single(resources[name]!["volumes"]!.AsArray());

        // The same name on every machine (Aspire's default holds a hash of the AppHost's path).
        Assert.Equal($"pulse-{name}-data", (string?)volume!["name"]);
        Assert.Equal(dataDirectory, (string?)volume["target"]);
        Assert.False((bool?)volume["readOnly"]);
    }

    [Fact]
    public void Redis_keeps_its_append_only_file_when_deployed()
    {
        var args = resources[ResourceNames.Redis]!["args"]!.AsArray().Select(arg => (string?)arg);

        Assert.Contains(args, arg => arg!.Contains("--appendonly yes --appendfsync everysec", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ResourceNames.Api, new[] { "ConnectionStrings__pulse", "ConnectionStrings__redis", "ConnectionStrings__events" })]
    [InlineData(ResourceNames.Ingestor, new[] { "ConnectionStrings__pulse", "ConnectionStrings__redis", "ConnectionStrings__events" })]
    [InlineData(ResourceNames.Web, new[] { "services__api__http__0", "ConnectionStrings__redis" })]
    [InlineData(ResourceNames.Migrations, new[] { "ConnectionStrings__pulse" })]
    public void Projects_get_their_references(string name, string[] variables)
    {
        Assert.Equal("project.v0", Type(name));
        var environment = resources[name]!["env"]!.AsObject();
        Assert.All(variables, variable => Assert.True(environment.ContainsKey(variable), $"{name} lacks {variable}"));
    }

    [Fact]
    public void Api_and_web_are_external_and_the_ingestor_is_not()
    {
        Assert.True((bool?)resources[ResourceNames.Api]!["bindings"]!["http"]!["external"]);
        Assert.True((bool?)resources[ResourceNames.Web]!["bindings"]!["http"]!["external"]);
        Assert.Null(resources[ResourceNames.Ingestor]!["bindings"]!["http"]!["external"]);
    }

    [Fact]
    public void Nothing_run_only_leaks_into_the_manifest()
    {
        var text = resources.ToJsonString();

        Assert.DoesNotContain(resources, resource => Type(resource.Key).StartsWith("executable", StringComparison.Ordinal));
        Assert.DoesNotContain("local-postgres.sh", text, StringComparison.Ordinal);
        // Volumes are the stores' data, deployed on purpose; nothing of this machine's file system is.
        Assert.DoesNotContain("bindMounts", text, StringComparison.Ordinal);
        Assert.Equal([ResourceNames.MongoServer, ResourceNames.PostgresServer, ResourceNames.Redis],
            resources.Where(resource => resource.Value!["volumes"] is not null).Select(resource => resource.Key).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("5180", text, StringComparison.Ordinal);
        Assert.DoesNotContain("5190", text, StringComparison.Ordinal);
        // Seed data is for developers' machines; a deployment asks for it in its own environment.
        Assert.DoesNotContain("Pulse__Seed__Scale", text, StringComparison.Ordinal);
    }

    private string Type(string name) => (string?)resources[name]?["type"] ?? throw new Xunit.Sdk.XunitException($"manifest has no resource '{name}'");
}

/// <summary>The manifest with every store external: no database container, and a secret connection string azd asks for per store.</summary>
public sealed class ExternalStoresManifestTests(PublishedManifestWithExternalStores manifest) : IClassFixture<PublishedManifestWithExternalStores>
{
    [Theory]
    [InlineData(ResourceNames.PulseDatabase)]
    [InlineData(ResourceNames.Redis)]
    [InlineData(ResourceNames.EventsDatabase)]
    public void Each_store_is_a_secret_connection_string_parameter(string name)
    {
        var store = manifest.Resources[name]!;

        Assert.Equal("parameter.v0", (string?)store["type"]);
        Assert.Equal($"{{{name}.value}}", (string?)store["connectionString"]);
        Assert.True((bool?)store["inputs"]!["value"]!["secret"]);
        Assert.Equal($"{{{name}.connectionString}}", (string?)manifest.Resources[ResourceNames.Api]!["env"]![$"ConnectionStrings__{name}"]);
    }

    [Fact]
    public void No_database_runs_in_a_container()
    {
        Assert.DoesNotContain(manifest.Resources, resource => ((string?)resource.Value!["type"])!.StartsWith("container.", StringComparison.Ordinal));
        Assert.DoesNotContain("volumes", manifest.Resources.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(manifest.Resources[ResourceNames.PostgresServer]);
        Assert.Null(manifest.Resources[ResourceNames.MongoServer]);
    }
}
