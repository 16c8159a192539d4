using System.Collections.Concurrent;
using Pulse.Data.Seeding;

namespace Pulse.IntegrationTests.Data.Seeding;

/// <summary>Keeps every progress report, synchronously (Progress&lt;T&gt; would post them later, out of order).</summary>
internal sealed class RecordedProgress : IProgress<SeedProgress>
{
    private readonly ConcurrentQueue<SeedProgress> reports = new();

    public IReadOnlyCollection<SeedProgress> Reports => reports;

    public void Report(SeedProgress value) => reports.Enqueue(value);
}
