namespace Pulse.Api.Realtime;

/// <summary>
/// Forward exponential decay: an interaction at t adds <c>weight · e^(λ(t − t0))</c>, so every
/// stored score shares the factor <c>e^(−λ(now − t0))</c> and ranks never need rewriting as time
/// passes. λ = ln 2 / half-life.
/// </summary>
public sealed record TrendingDecay(TimeSpan HalfLife)
{
    public double LambdaPerMs => Math.Log(2) / HalfLife.TotalMilliseconds;

    /// <summary>A stored (epoch-relative) score as its value now.</summary>
    public double ValueNow(double stored, long epochMs, long nowMs) => stored * Math.Exp(-LambdaPerMs * (nowMs - epochMs));

    /// <summary>What one interaction of <paramref name="weight"/> at <paramref name="atMs"/> adds to the stored score.</summary>
    public double Contribution(double weight, long atMs, long epochMs) => weight * Math.Exp(LambdaPerMs * (atMs - epochMs));
}
