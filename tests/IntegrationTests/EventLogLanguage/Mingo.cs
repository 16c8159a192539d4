using System.Diagnostics;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace Pulse.IntegrationTests.EventLogLanguage;

/// <summary>
/// Runs MongoDB requests, rendered exactly as the driver sends them, through mingo (tests/Mingo,
/// Node), an implementation of MongoDB's query language that shares no code with the server or
/// the driver. Installs mingo from the lock file once, when the clone has not yet.
/// </summary>
internal static class Mingo
{
    private static readonly RenderArgs<BsonDocument> Args = new(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry);
    private static readonly JsonWriterSettings Canonical = new() { OutputMode = JsonOutputMode.CanonicalExtendedJson };
    private static readonly Lazy<Task> Installed = new(InstallAsync);

    private static string Folder => Path.Combine(RepositoryRoot, "tests", "Mingo");

    private static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The stages the driver sends for <paramref name="pipeline"/>.</summary>
    public static List<BsonDocument> Render(PipelineDefinition<BsonDocument, BsonDocument> pipeline) => [.. pipeline.Render(Args).Documents];

    /// <summary>Stages already rendered (and maybe adapted by <see cref="MingoDifferences"/>).</summary>
    public static Task<List<BsonDocument>> AggregateRenderedAsync(IEnumerable<BsonDocument> documents, IEnumerable<BsonDocument> stages) =>
        EvaluateAsync(new BsonDocument
        {
            { "documents", new BsonArray(documents) },
            { "pipeline", new BsonArray(stages) },
        });

    public static Task<List<BsonDocument>> AggregateAsync(IEnumerable<BsonDocument> documents, PipelineDefinition<BsonDocument, BsonDocument> pipeline) =>
        AggregateRenderedAsync(documents, Render(pipeline));

    /// <summary>A find as the driver sends it: filter, projection, sort and limit, each rendered.</summary>
    public static Task<List<BsonDocument>> FindAsync(
        IEnumerable<BsonDocument> documents, FilterDefinition<BsonDocument> filter, FindOptions<BsonDocument, BsonDocument> options)
    {
        var request = new BsonDocument
        {
            { "documents", new BsonArray(documents) },
            { "filter", filter.Render(Args) },
        };
        if (options.Projection is { } projection)
        {
            request.Add("projection", projection.Render(Args).Document);
        }
        if (options.Sort is { } sort)
        {
            request.Add("sort", sort.Render(Args));
        }
        if (options.Limit is { } limit)
        {
            request.Add("limit", limit);
        }
        return EvaluateAsync(request);
    }

    private static async Task<List<BsonDocument>> EvaluateAsync(BsonDocument request)
    {
        await Installed.Value;
        var (exitCode, output, error) = await RunAsync("node", [Path.Combine(Folder, "evaluate.mjs")], request.ToJson(Canonical));
        Assert.True(exitCode == 0, $"mingo refused the request: {error}");
        return [.. BsonDocument.Parse(output)["results"].AsBsonArray.Select(result => result.AsBsonDocument)];
    }

    private static async Task InstallAsync()
    {
        if (Directory.Exists(Path.Combine(Folder, "node_modules", "mingo")))
        {
            return;
        }
        // The same command test.sh runs; its cache sits in the clone, as HOME may be empty.
        var (exitCode, _, error) = await RunAsync("npm",
            ["ci", "--prefix", Folder, "--cache", Path.Combine(RepositoryRoot, ".tmp", "npm-cache"), "--no-audit", "--no-fund", "--no-update-notifier", "--loglevel=error"],
            input: null);
        Assert.True(exitCode == 0, $"'npm ci --prefix tests/Mingo' failed; run it by hand to see why: {error}");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments, string? input)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Folder,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"'{program}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"'{program}' is not on PATH: the mingo checks need Node and npm (test.sh installs them).", exception);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
            }
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analytics.Aspire.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Analytics.Aspire.sln above {AppContext.BaseDirectory}.");
    }
}
