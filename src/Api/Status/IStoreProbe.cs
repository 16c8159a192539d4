using Pulse.Contracts.Status;

namespace Pulse.Api.Status;

/// <summary>Checks one store with the cheapest command that proves it answers.</summary>
public interface IStoreProbe
{
    string Store { get; }

    Task<StoreStatus> ProbeAsync(CancellationToken cancellationToken);
}
