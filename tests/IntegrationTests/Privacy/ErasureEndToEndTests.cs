using System.Net;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Privacy;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Security;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.Pipeline;
using Pulse.Ingestor.Erasure;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Privacy;

/// <summary>
/// A person erased or anonymised through the Api, the real Ingestor running the job: afterwards
/// nothing of theirs is in PostgreSQL, Redis, the stream or the dead letters (MongoDB is checked by
/// its commands and, with PULSE_TEST_MONGODB, on a server), every other user's figures are what
/// their events make, and the aggregates equal a ground truth computed here from the events sent.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class ErasureEndToEndTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        ["Pulse:RateLimits:Ingest:PermitLimit"] = "1000000",
        // The test reads the job's state until it completes.
        ["Pulse:RateLimits:Default:PermitLimit"] = "1000000",
    });

    private ErasureWorld world = null!;

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    [Fact]
    public async Task Erasing_leaves_nothing_of_the_person_anywhere_and_every_other_figure_as_their_events_make_it()
    {
        var job = await world.RequestAsync(ErasureModes.Erase);
        var done = await world.CompletedAsync(job.Id);
        var refusal = await world.SendForThePersonAsync();
        await world.ResumeAndDrainAsync();

        Assert.Contains($"events[1].userId: no such id {world.Subject}; events[2].userId: no such id {world.Subject}", refusal, StringComparison.Ordinal);
        await AssertErasedAsync(done);
    }

    [Fact]
    public async Task An_erasure_whose_ingestor_is_killed_mid_way_finishes_after_the_restart()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // Holding the person's row stops the job at its PostgreSQL step, after every other store.
        await using var blocker = await api.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await blocker.BeginTransactionAsync(cancellationToken);
        await using (var hold = new Npgsql.NpgsqlCommand($"select 1 from users where id = {world.Subject} for update", blocker, transaction))
        {
            await hold.ExecuteNonQueryAsync(cancellationToken);
        }

        var job = await world.RequestAsync(ErasureModes.Erase);
        try
        {
            await Eventually.ReturnsAsync(() => world.ScalarAsync(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like '%from users where id = $1 for update%'"),
                waiting => (long)waiting! == 1, ErasureWorld.Timeout, "the erasure's PostgreSQL step to wait for the person's row");
        }
        catch (TimeoutException)
        {
            output.WriteLine($"job: {System.Text.Json.JsonSerializer.Serialize(await world.JobAsync(job.Id))}");
            throw;
        }
        Assert.Equal(ErasureSteps.PostgreSql, (await world.JobAsync(job.Id)).Step);

        await world.Ingestor.KillAsync();
        await transaction.RollbackAsync(cancellationToken);
        world.Ingestor.Start();
        var done = await world.CompletedAsync(job.Id);
        await world.ResumeAndDrainAsync();

        Assert.Equal(2, done.Attempts);
        await AssertErasedAsync(done);
    }

    [Fact]
    public async Task Anonymising_keeps_every_figure_under_the_pseudonym_and_the_person_nowhere()
    {
        var pseudonym = Pseudonyms.Of(world.Subject, IngestorProcess.TestSalt);
        var job = await world.RequestAsync(ErasureModes.Anonymise);
        var done = await world.CompletedAsync(job.Id);
        await world.SendForThePersonAsync();
        await world.ResumeAndDrainAsync();
        var subject = world.Subject;

        Assert.All(await world.PostgresRowsOfAsync(subject), rows => Assert.True(rows.Value == 0, $"{rows.Key} holds {rows.Value} rows of the person"));
        var underPseudonym = await world.PostgresRowsOfAsync(pseudonym);
        Assert.Equal(1, underPseudonym["users"]);
        Assert.Equal(world.SubjectPosts.Length, underPseudonym["posts"]);
        Assert.Equal(2, underPseudonym["follows"]);
        Assert.True(underPseudonym["user_daily_activity"] > 0);
        Assert.Equal($"anon-{pseudonym:x}", await world.ScalarAsync("select handle from users where id = $1", pseudonym));

        // The ground truth: every event sent, the person's id replaced by the pseudonym wherever it was.
        var authorOf = world.AuthorOf.ToDictionary(post => post.Key, post => post.Value == subject ? pseudonym : post.Value);
        var expected = new EventFeed(world.FeedUsers, [.. authorOf.Keys], authorOf, seed: 0).Expected(world.Sent.Select(e => e with
        {
            UserId = e.UserId == subject ? pseudonym : e.UserId,
            TargetUserId = e.TargetUserId == subject ? pseudonym : e.TargetUserId,
        }));
        expected.AssertEqual(await AggregateSnapshot.ReadAsync(api.Database, TestContext.Current.CancellationToken));

        Assert.Empty(await world.EntriesNamingAsync(EventStreamNames.Key, subject));
        Assert.Empty(await world.EntriesNamingAsync(EventStreamNames.DeadLetterKey, subject));
        Assert.Equal(2, (await world.EntriesNamingAsync(EventStreamNames.DeadLetterKey, pseudonym)).Count);
        Assert.Empty(await world.LikerSetsHoldingAsync(subject));
        var likedBySubject = world.Sent.Where(e => e.UserId == subject && e.Type == EventTypes.PostLike).Select(e => e.PostId!.Value).Distinct().Count();
        Assert.Equal(likedBySubject, (await world.LikerSetsHoldingAsync(pseudonym)).Count);
        Assert.Equal($"{ErasureModes.Anonymise}:{pseudonym}", (string?)await Redis.HashGetAsync(RedisKeys.ErasedUsers, subject));

        var inStreamOfSubject = world.InStream.Count(e => e.UserId == subject || e.TargetUserId == subject);
        Assert.Equal(inStreamOfSubject, done.Receipt[ErasureStores.Stream]["rewritten"]);
        Assert.Equal(2, done.Receipt[ErasureStores.DeadLetters]["rewritten"]);
        Assert.Equal(1, done.Receipt[ErasureStores.PostgreSql]["pseudonym_users"]);
        Assert.Equal([AuditActions.ErasureRequested, AuditActions.UserAnonymised], await world.AuditActionsOnAsync($"user:{subject}"));
        output.WriteLine($"receipt: {System.Text.Json.JsonSerializer.Serialize(done.Receipt)}");
    }

    private async Task AssertErasedAsync(ErasureJobResponse done)
    {
        var subject = world.Subject;

        // PostgreSQL: every table that holds user ids.
        Assert.All(await world.PostgresRowsOfAsync(subject), rows => Assert.True(rows.Value == 0, $"{rows.Key} holds {rows.Value} rows of the person"));

        // The ground truth: every event but the person's own that were still in the stream (deleted
        // before any sink stored them), a target that was the person removed; then the rows of the person and of their
        // posts gone. What they did to others' posts before stays in those posts' totals.
        // A like that reaches the aggregates after its post was deleted counts as an event of the
        // liker's, not as a like (as for any deleted post).
        var subjectPosts = world.SubjectPosts.ToHashSet();
        var kept = world.Sent
            .Where(e => !(e.UserId == subject && world.InStream.Contains(e)))
            .Select(e => e.Type == EventTypes.PostLike && world.InStream.Contains(e) && subjectPosts.Contains(e.PostId!.Value) ? e with { Type = "" } : e)
            .ToList();
        var expected = new EventFeed(world.FeedUsers, [.. world.AuthorOf.Keys], world.AuthorOf, seed: 0).Expected(kept);
        var remainingPosts = world.AuthorOf.Keys.Where(post => !subjectPosts.Contains(post)).ToList();
        var others = world.Users.Where(user => user != subject).ToList();
        expected.Of(remainingPosts, others).AssertEqual(await AggregateSnapshot.ReadAsync(api.Database, TestContext.Current.CancellationToken));

        // Redis: sessions, likers, the person's posts' counters and trending scores.
        using var client = api.CreateClient(bearer: world.SubjectToken);
        using var session = await client.GetAsync("/api/sessions/current", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
        Assert.Equal(0, await Redis.SetLengthAsync(RedisKeys.Sessions.OfUser(subject)));
        Assert.Empty(await world.LikerSetsHoldingAsync(subject));
        foreach (var post in subjectPosts)
        {
            Assert.False(await Redis.KeyExistsAsync(RedisKeys.PostCounters(RedisKeys.DefaultPartition, post)), $"post {post}'s counters are left");
            Assert.Null(await Redis.SortedSetScoreAsync(RedisKeys.TrendingDecay(RedisKeys.DefaultPartition), post));
        }
        Assert.Equal(ErasureModes.Erase, (string?)await Redis.HashGetAsync(RedisKeys.ErasedUsers, subject));

        // The stream and the dead letters.
        Assert.Empty(await world.EntriesNamingAsync(EventStreamNames.Key, subject));
        Assert.Empty(await world.EntriesNamingAsync(EventStreamNames.DeadLetterKey, subject));
        Assert.Equal(2, (await world.EventsInAsync(EventStreamNames.DeadLetterKey)).Count);

        // The receipt, and the audit log that keeps it.
        var ownInStream = world.InStream.Count(e => e.UserId == subject);
        var targetingInStream = world.InStream.Count(e => e.UserId != subject && e.TargetUserId == subject);
        Assert.True(done.Receipt[ErasureStores.Stream]["deleted"] >= ownInStream, $"{done.Receipt[ErasureStores.Stream]["deleted"]} entries deleted, {ownInStream} of the person's own were in the stream");
        Assert.Equal(targetingInStream, done.Receipt[ErasureStores.Stream]["rewritten"]);
        Assert.Equal(1, done.Receipt[ErasureStores.DeadLetters]["deleted"]);
        Assert.Equal(1, done.Receipt[ErasureStores.DeadLetters]["rewritten"]);
        Assert.Equal(1, done.Receipt[ErasureStores.PostgreSql]["users"]);
        Assert.Equal(subjectPosts.Count, done.Receipt[ErasureStores.PostgreSql]["posts"]);
        Assert.Equal(2, done.Receipt[ErasureStores.PostgreSql]["follows"]);
        Assert.Equal(1, done.Receipt[ErasureStores.MongoDb]["notConfigured"]);
        Assert.Equal(1, done.Receipt[ErasureStores.Redis]["sessions"]);
        Assert.Equal([AuditActions.ErasureRequested, AuditActions.UserErased], await world.AuditActionsOnAsync($"user:{subject}"));
        output.WriteLine($"receipt: {System.Text.Json.JsonSerializer.Serialize(done.Receipt)}");
    }

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        world = new ErasureWorld(api);
        await world.BuildAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (world?.Ingestor is { } ingestor)
        {
            await ingestor.DisposeAsync();
        }
        await api.DisposeAsync();
    }
}
