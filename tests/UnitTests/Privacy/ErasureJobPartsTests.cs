using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using CsCheck;
using Pulse.Contracts.Privacy;
using Pulse.Ingestor.Erasure;

namespace Pulse.UnitTests.Privacy;

/// <summary>The parts of an erasure job that need no store: pseudonyms, options, the order of steps, the receipt.</summary>
public sealed class ErasureJobPartsTests
{
    private const string Salt = "a-salt-of-thirty-two-characters!";
    private const string OtherSalt = "another-salt-of-32-characters!!!";

    [Fact]
    public void A_pseudonym_is_negative_and_the_same_each_time_for_any_account_id()
    {
        Gen.Long[1, long.MaxValue].Sample(userId =>
        {
            var pseudonym = Pseudonyms.Of(userId, Salt);
            Assert.True(pseudonym < 0, $"user {userId} got {pseudonym}");
            Assert.Equal(pseudonym, Pseudonyms.Of(userId, Salt));
        });
    }

    [Fact]
    public void A_pseudonym_differs_by_salt_and_by_user()
    {
        Gen.Select(Gen.Long[1, long.MaxValue], Gen.Long[1, long.MaxValue]).Where(ids => ids.Item1 != ids.Item2).Sample((userId, otherUserId) =>
        {
            Assert.NotEqual(Pseudonyms.Of(userId, Salt), Pseudonyms.Of(userId, OtherSalt));
            Assert.NotEqual(Pseudonyms.Of(userId, Salt), Pseudonyms.Of(otherUserId, Salt));
        });
    }

    [Fact]
    public void The_pseudonyms_of_the_first_hundred_thousand_accounts_are_all_different()
    {
        const int Accounts = 100_000;
        var pseudonyms = Enumerable.Range(1, Accounts).Select(id => Pseudonyms.Of(id, Salt)).ToHashSet();

        Assert.Equal(Accounts, pseudonyms.Count);
    }

    [Fact]
    public void A_pseudonym_is_the_top_63_bits_of_the_HMAC_so_a_release_that_changed_it_would_split_someone_in_two()
    {
        // Anonymised data already carries pseudonyms: the same user and salt must give the same one in every release.
        Assert.Equal(-1 - (long)(BitConverter.ToUInt64(Expected(42, Salt)) >> 1), Pseudonyms.Of(42, Salt));
    }

    private static byte[] Expected(long userId, string salt)
    {
        var id = BitConverter.GetBytes(userId);
        Array.Reverse(id);
        var hash = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(salt), id)[..8];
        Array.Reverse(hash);
        return hash;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("                                        ")]
    [InlineData("thirty-one-characters-is-short!")]
    public void A_missing_or_short_salt_is_refused_naming_the_parameter_that_sets_it(string? salt)
    {
        var errors = Validate(new ErasureOptions { PseudonymSalt = salt });

        var error = Assert.Single(errors);
        Assert.Equal(
            "Pulse:Erasure:PseudonymSalt must be a secret of at least 32 characters (the AppHost's parameter pulse-pseudonym-salt sets it).",
            error.ErrorMessage);
        Assert.Equal([nameof(ErasureOptions.PseudonymSalt)], error.MemberNames);
    }

    [Fact]
    public void The_defaults_with_a_salt_are_valid()
    {
        Assert.Empty(Validate(new ErasureOptions { PseudonymSalt = Salt }));
    }

    [Fact]
    public void A_lease_not_longer_than_four_wait_intervals_is_refused_since_a_waiting_runner_would_lose_it()
    {
        var options = new ErasureOptions { PseudonymSalt = Salt, LeaseDuration = TimeSpan.FromSeconds(4), WaitInterval = TimeSpan.FromSeconds(1) };

        var error = Assert.Single(Validate(options));

        Assert.Equal(
            "Pulse:Erasure:LeaseDuration (00:00:04) must be more than four times Pulse:Erasure:WaitInterval (00:00:01), so a waiting runner renews its lease in time.",
            error.ErrorMessage);
        Assert.Equal([nameof(ErasureOptions.LeaseDuration), nameof(ErasureOptions.WaitInterval)], error.MemberNames);
        Assert.Empty(Validate(new ErasureOptions { PseudonymSalt = Salt, LeaseDuration = TimeSpan.FromSeconds(4.001), WaitInterval = TimeSpan.FromSeconds(1) }));
    }

    [Fact]
    public void Intervals_out_of_range_are_refused_by_their_attributes()
    {
        var errors = Validate(new ErasureOptions { PseudonymSalt = Salt, PollInterval = TimeSpan.Zero, AbandonedAfter = TimeSpan.FromDays(2) });

        Assert.Equal(
            [nameof(ErasureOptions.AbandonedAfter), nameof(ErasureOptions.PollInterval)],
            errors.SelectMany(error => error.MemberNames).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_steps_run_mark_fence_stream_eventlog_redis_postgresql_and_nothing_after()
    {
        Assert.Equal(["mark", "fence", "stream", "eventlog", "redis", "postgresql"], ErasureSteps.InOrder);
        Assert.Equal(ErasureSteps.Fence, ErasureSteps.After(ErasureSteps.Mark));
        Assert.Equal(ErasureSteps.Stream, ErasureSteps.After(ErasureSteps.Fence));
        Assert.Equal(ErasureSteps.EventLog, ErasureSteps.After(ErasureSteps.Stream));
        Assert.Equal(ErasureSteps.Redis, ErasureSteps.After(ErasureSteps.EventLog));
        Assert.Equal(ErasureSteps.PostgreSql, ErasureSteps.After(ErasureSteps.Redis));
        Assert.Null(ErasureSteps.After(ErasureSteps.PostgreSql));
    }

    [Fact]
    public void An_unknown_step_is_refused_listing_the_steps()
    {
        var refusal = Assert.Throws<ArgumentException>(() => ErasureSteps.After("mongodb"));

        Assert.Equal("step", refusal.ParamName);
        Assert.StartsWith("'mongodb' is not an erasure step; the steps are mark, fence, stream, eventlog, redis, postgresql.", refusal.Message);
    }

    [Fact]
    public void A_receipt_adds_what_a_step_run_again_found_and_keeps_each_store_apart()
    {
        var receipt = ErasureReceipt.Parse("{}");
        receipt.Add(ErasureStores.Stream, "deleted", 3);
        receipt.Add(ErasureStores.MongoDb, "eventsDeleted", 10);

        // The runner died after this; the next one reads the receipt back and runs the step again.
        var resumed = ErasureReceipt.Parse(receipt.ToJson());
        resumed.Add(ErasureStores.MongoDb, "eventsDeleted", 2);
        resumed.Add(ErasureStores.MongoDb, "targetsRemoved", 0);

        Assert.Equal(
            """{"mongodb":{"eventsDeleted":12,"targetsRemoved":0},"stream":{"deleted":3}}""",
            resumed.ToJson());
    }

    [Fact]
    public void A_receipt_round_trips_and_reads_as_the_Apis_response_does()
    {
        var receipt = ErasureReceipt.Parse("{}");
        receipt.Add(ErasureStores.PostgreSql, "users", 1);
        receipt.Add(ErasureStores.PostgreSql, "posts", 4);
        receipt.Add(ErasureStores.Redis, "sessions", long.MaxValue);

        var json = receipt.ToJson();

        Assert.Equal(json, ErasureReceipt.Parse(json).ToJson());
        var read = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, long>>>(json)!;
        Assert.Equal(4, read[ErasureStores.PostgreSql]["posts"]);
        Assert.Equal(long.MaxValue, read[ErasureStores.Redis]["sessions"]);
        Assert.Equal("{}", ErasureReceipt.Parse("{}").ToJson());
    }

    private static List<ValidationResult> Validate(ErasureOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
