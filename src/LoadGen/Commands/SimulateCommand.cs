using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Pulse.Contracts.Events;
using Pulse.Contracts.Security;
using Pulse.LoadGen.Simulation;
using Pulse.LoadGen.Traffic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pulse.LoadGen.Commands;

/// <summary>
/// Realistic live traffic through <c>POST /api/events</c> at a steady rate, over the users, posts
/// and follows read (read-only) from PostgreSQL. Shows progress, ends with a summary, and can write
/// what it sent for comparison with Pulse's aggregates.
/// </summary>
public sealed partial class SimulateCommand : AsyncCommand<SimulateCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C ends the run with its summary; a second one ends the process.
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await RunAsync(settings, stop.Token);
        }
        catch (SimulationStoppedException stopped)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]simulate stopped:[/] {stopped.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("[yellow]simulate cancelled before it started sending.[/]");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        using var api = new HttpClient { BaseAddress = new Uri(settings.ApiAddress), Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, settings.ApiKey);
        await CheckApiAsync(api, settings.ApiAddress, cancellationToken);

        SocialGraph graph;
        try
        {
            graph = await GraphLoader.LoadAsync(settings.PostgresConnection!, new GraphLoader.Limits(settings.MaxUsers, settings.MaxPosts, settings.MaxFollows), cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            throw new SimulationStoppedException($"Cannot read users, posts and follows from PostgreSQL: {exception.Message}");
        }
        if (graph.UserCount == 0 || graph.PostCount == 0)
        {
            throw new SimulationStoppedException("PostgreSQL holds no users or posts to simulate traffic over: seed it (e.g. --Pulse:Seed:Scale=small on the AppHost).");
        }

        var model = new TrafficModel(graph, settings.TrafficOptions, settings.Seed);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Api {settings.ApiAddress}; {graph.UserCount:N0} users, {graph.PostCount:N0} posts, {graph.FollowCount:N0} follows; {settings.Rate:N0} events/s for {(settings.RunFor is { } d ? d.ToString() : "until Ctrl+C")}; {model.MeanEventsPerSession:0.0} events a session.");

        var tally = new SimulationTally();
        var startedAt = DateTimeOffset.UtcNow;
        var run = new SimulationRun(model, new EventSender(api, settings.MaxBackoff, status => tally.Status = status), tally, settings.Rate, settings.RunFor, settings.Diurnal);
        SimulationStoppedException? stopped = null;
        try
        {
            await run.RunAsync(startedAt, cancellationToken);
        }
        catch (SimulationStoppedException exception)
        {
            // Still show and write what was sent before it stopped.
            stopped = exception;
        }
        var endedAt = DateTimeOffset.UtcNow;

        AnsiConsole.Write(SimulationDisplay.Summary(tally, endedAt - startedAt));
        if (settings.Report is { } path)
        {
            await SimulationReport.From(tally, startedAt, endedAt, settings.ApiAddress, settings.Rate, settings.Seed).WriteAsync(path, CancellationToken.None);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Report written to {Path.GetFullPath(path)}.");
        }
        if (stopped is not null)
        {
            throw stopped;
        }
        if (tally.RefusedEvents > 0)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]The Api refused {tally.RefusedEvents:N0} events[/] (by status: {string.Join(", ", tally.RefusedBatches.Select(pair => $"{(int)pair.Key}: {pair.Value} batches"))}).");
            return 1;
        }
        return 0;
    }

    /// <summary>
    /// Is the Api there, and does it take the key? An empty batch is refused for being empty (400)
    /// only after the key passed, so it tells 401/403 apart without sending an event.
    /// </summary>
    private static async Task CheckApiAsync(HttpClient api, string address, CancellationToken cancellationToken)
    {
        HttpStatusCode status;
        try
        {
            using var response = await api.PostAsJsonAsync(EventSender.EventsPath, new IngestRequest([]), cancellationToken);
            status = response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SimulationStoppedException($"Cannot reach the Api at {address}: {exception.Message.TrimEnd('.')}. Is it running? Pass --api.");
        }
        switch (status)
        {
            case HttpStatusCode.Unauthorized:
                throw new SimulationStoppedException($"The Api at {address} refused the credentials (401): pass --key or set PULSE_API_KEY to an ingest or admin API key.");
            case HttpStatusCode.Forbidden:
                throw new SimulationStoppedException($"The Api at {address} refused the key (403): it lacks the ingest scope.");
            case HttpStatusCode.NotFound:
                throw new SimulationStoppedException($"{address} has no {EventSender.EventsPath} (404): is --api the Pulse Api?");
        }
    }
}
