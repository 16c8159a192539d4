using System.Diagnostics;
using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Contracts.Privacy;
using Pulse.Ingestor.Streams;
using Pulse.Pipeline.Privacy;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Pulse.Ingestor.Erasure;

/// <summary>
/// Runs erasure jobs, one at a time per replica, step by step (<see cref="ErasureSteps"/>): marks the
/// user so no sink stores their events as sent from then on, waits until no batch read before can
/// still be storing, then takes them out of the stream and the dead letters, MongoDB, Redis and
/// PostgreSQL, and files the receipt in the audit log. A job whose runner dies is taken over when
/// its lease runs out, at the step it had reached.
/// </summary>
public sealed class ErasureRunner(
    ErasureJobStore jobs,
    IConnectionMultiplexer redis,
    EventLogErasure eventLog,
    RedisErasure redisErasure,
    PostgresErasure postgres,
    IOptions<ErasureOptions> options,
    IOptions<StreamConsumerOptions> consumerOptions,
    TimeProvider time,
    ILogger<ErasureRunner> logger) : BackgroundService
{
    private readonly ErasureOptions settings = options.Value;
    private readonly string owner = consumerOptions.Value.ConsumerName;
    private readonly string stream = consumerOptions.Value.StreamKey;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            ErasureJobRun? job;
            try
            {
                using (UntracedWork.Begin())
                {
                    job = await jobs.ClaimAsync(owner, settings.LeaseDuration, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Looking for erasure jobs failed; looking again in {Delay}", settings.RetryDelay);
                await Task.Delay(settings.RetryDelay, time, stoppingToken);
                continue;
            }
            if (job is null)
            {
                await Task.Delay(settings.PollInterval, time, stoppingToken);
                continue;
            }
            await RunAsync(job, stoppingToken);
        }
    }

    internal async Task RunAsync(ErasureJobRun job, CancellationToken cancellationToken)
    {
        using var activity = IngestorMetrics.ActivitySource.StartActivity($"erasure {job.Mode}");
        activity?.SetTag("pulse.erasure.job", job.Id);
        try
        {
            while (true)
            {
                logger.LogInformation("Erasure job {Job} ({Mode}): {Step}", job.Id, job.Mode, job.Step);
                await RunStepAsync(job, cancellationToken);
                if (ErasureSteps.After(job.Step) is not { } next)
                {
                    break;
                }
                await jobs.AdvanceAsync(job, owner, next, settings.LeaseDuration, cancellationToken);
            }
            await jobs.CompleteAsync(job, owner, cancellationToken);
            logger.LogInformation("Erasure job {Job} ({Mode}) completed: {Receipt}", job.Id, job.Mode, job.Receipt.ToJson());
        }
        catch (ErasureLeaseLostException exception)
        {
            logger.LogWarning(exception, "Erasure job {Job} was taken over at {Step}", job.Id, job.Step);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.AddException(exception);
            activity?.SetStatus(ActivityStatusCode.Error);
            logger.LogError(exception, "Erasure job {Job} failed at {Step}; it is tried again from there in {Delay}", job.Id, job.Step, settings.RetryDelay);
            await jobs.FailAsync(job, owner, $"{job.Step}: {exception.Message}", settings.RetryDelay, CancellationToken.None);
        }
    }

    private async Task RunStepAsync(ErasureJobRun job, CancellationToken cancellationToken)
    {
        using var activity = IngestorMetrics.ActivitySource.StartActivity($"erasure {job.Step}");
        switch (job.Step)
        {
            case ErasureSteps.Mark:
                await MarkAsync(job, cancellationToken);
                break;
            case ErasureSteps.Fence:
                await WaitForBatchesInFlightAsync(job, cancellationToken);
                break;
            case ErasureSteps.Stream:
                var database = redis.GetDatabase();
                var how = HowErased(job);
                var inStream = await StreamErasure.EraseFromStreamAsync(database, stream, job.UserId, how, cancellationToken);
                var inDeadLetters = await StreamErasure.EraseFromDeadLettersAsync(database, job.UserId, how, cancellationToken);
                job.Receipt.Add(ErasureStores.Stream, "deleted", inStream.Deleted);
                job.Receipt.Add(ErasureStores.Stream, "rewritten", inStream.Rewritten);
                job.Receipt.Add(ErasureStores.DeadLetters, "deleted", inDeadLetters.Deleted);
                job.Receipt.Add(ErasureStores.DeadLetters, "rewritten", inDeadLetters.Rewritten);
                break;
            case ErasureSteps.EventLog:
                await eventLog.RunAsync(job, cancellationToken);
                break;
            case ErasureSteps.Redis:
                await redisErasure.RunAsync(job, cancellationToken);
                break;
            case ErasureSteps.PostgreSql:
                await postgres.RunAsync(job, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"Erasure job {job.Id} is at an unknown step '{job.Step}'.");
        }
    }

    /// <summary>The mark, then Redis's clock: a batch delivered after that time reads the mark before it stores.</summary>
    private async Task MarkAsync(ErasureJobRun job, CancellationToken cancellationToken)
    {
        if (job.Mode == ErasureModes.Anonymise)
        {
            job.Pseudonym ??= await jobs.EarlierPseudonymAsync(job.UserId, cancellationToken) ?? Pseudonyms.Of(job.UserId, settings.PseudonymSalt!);
        }
        var database = redis.GetDatabase();
        await ErasedUsers.MarkAsync(database, job.UserId, HowErased(job));
        job.MarkedAtMs = await InFlightEntries.ServerTimeMsAsync(database);
    }

    private async Task WaitForBatchesInFlightAsync(ErasureJobRun job, CancellationToken cancellationToken)
    {
        var markedAt = job.MarkedAtMs ?? throw new InvalidOperationException($"Erasure job {job.Id} reached the fence unmarked.");
        string? shown = null;
        var renewed = time.GetTimestamp();
        while (true)
        {
            var inFlight = await InFlightEntries.DeliveredBeforeAsync(redis.GetDatabase(), stream, markedAt, settings.AbandonedAfter, cancellationToken);
            if (inFlight.Count == 0)
            {
                return;
            }
            var waiting = "Entries read before the mark are still being stored: " +
                string.Join(", ", inFlight.Select(group => $"{group.Entries} in {group.Group}"));
            // Written when it changes, and often enough to keep the lease.
            if (waiting != shown || time.GetElapsedTime(renewed) > settings.LeaseDuration / 3)
            {
                await jobs.WaitingAsync(job, owner, waiting, settings.LeaseDuration, cancellationToken);
                (shown, renewed) = (waiting, time.GetTimestamp());
            }
            await Task.Delay(settings.WaitInterval, time, cancellationToken);
        }
    }

    private static ErasedUser HowErased(ErasureJobRun job) =>
        job.Mode == ErasureModes.Erase ? ErasedUser.Erased : ErasedUser.AnonymisedAs(job.Pseudonym!.Value);
}
