namespace Pulse.Web.Components.Common;

/// <summary>Where a tile's figures come from, which says what "fresh" means for them (<see cref="Freshness"/>).</summary>
public enum FigureSource
{
    /// <summary>Redis (counters, trending, activity, the stream): live, as of the moment they were read.</summary>
    Live,

    /// <summary>The PostgreSQL aggregates: as of the Ingestor's applied watermark (<c>GET /api/freshness</c>).</summary>
    Aggregates,

    /// <summary>The MongoDB event log, read at a moment (its Ingestor group has no watermark here yet).</summary>
    EventLog,
}
