using Pulse.LoadGen.Traffic;

namespace Pulse.UnitTests.Traffic;

/// <summary>Resends repeat ids of the batch just sent, at the configured share, and nothing else repeats an id.</summary>
[Collection(nameof(SharedTraffic))]
public sealed class RetryTests(TrafficFixture traffic)
{
    private readonly IReadOnlyList<TrafficBatch> batches = traffic.Week;

    [Fact]
    public void The_configured_share_of_batches_is_resent()
    {
        var originals = batches.Count(batch => !batch.IsRetry);
        var retries = batches.Count(batch => batch.IsRetry);
        var share = TrafficFixture.Options.RetryShare;
        var tolerance = 4 * Math.Sqrt(share * (1 - share) / originals);

        Assert.True(originals > 1_000, $"only {originals} batches");
        Assert.InRange(retries / (double)originals, share - tolerance, share + tolerance);
    }

    [Fact]
    public void A_retry_resends_the_previous_batch_or_its_tail_with_the_same_ids()
    {
        for (var i = 0; i < batches.Count; i++)
        {
            if (batches[i].IsRetry)
            {
                var previous = batches[i - 1];
                Assert.False(previous.IsRetry);
                Assert.Equal(previous.Events.TakeLast(batches[i].Events.Count), batches[i].Events);
                Assert.Equal(previous.DueAt, batches[i].DueAt);
            }
        }
    }

    [Fact]
    public void Ids_repeat_only_in_retries_and_about_as_often_as_configured()
    {
        var firstSends = traffic.FirstSends.Select(e => e.Id!.Value).ToArray();
        var resent = batches.Where(batch => batch.IsRetry).SelectMany(batch => batch.Events).Select(e => e.Id!.Value).ToArray();

        Assert.Equal(firstSends.Length, firstSends.Distinct().Count());
        Assert.Equal(resent.Length, resent.Distinct().Count());
        Assert.Subset(firstSends.ToHashSet(), resent.ToHashSet());
        // Half the retries resend the whole batch, half a tail of about half of it: 3/4 of a batch on average.
        var expected = TrafficFixture.Options.RetryShare * 0.75;
        Assert.InRange(resent.Length / (double)firstSends.Length, expected * 0.8, expected * 1.2);
    }
}
