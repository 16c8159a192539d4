namespace Pulse.Contracts;

/// <summary>Collections of the events database.</summary>
public static class MongoCollections
{
    public const string Events = "events";
}
