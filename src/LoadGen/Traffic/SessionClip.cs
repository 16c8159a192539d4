using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;

namespace Pulse.LoadGen.Traffic;

/// <summary>
/// Keeps the part of a session inside [from, to): traffic observed from a moment on sees sessions
/// already under way. An unlike is kept only with its like, so no unlike ever lacks one.
/// </summary>
public static class SessionClip
{
    public static List<IngestEvent> Clip(List<IngestEvent> session, DateTimeOffset from, DateTimeOffset to)
    {
        if (session.Count == 0 || (session[0].Timestamp >= from && session[^1].Timestamp < to))
        {
            return session;
        }
        var kept = new List<IngestEvent>(session.Count);
        var liked = new HashSet<long>();
        foreach (var e in session)
        {
            if (e.Timestamp < from || e.Timestamp >= to)
            {
                continue;
            }
            if (e.Type == EventTypes.PostLike)
            {
                liked.Add(e.PostId!.Value);
            }
            else if (e.Type == EventTypes.PostUnlike && !liked.Contains(e.PostId!.Value))
            {
                continue;
            }
            kept.Add(e);
        }
        return kept;
    }
}
