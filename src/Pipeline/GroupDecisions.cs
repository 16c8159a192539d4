using System.Text.Json;
using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using StackExchange.Redis;

namespace Pulse.Pipeline;

/// <summary>Reads the operators' decisions about consumer groups (<see cref="EventStreamNames.GroupDecisionsKey"/>).</summary>
public static class GroupDecisions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyDictionary<string, GroupDecision>> ReadAllAsync(IDatabaseAsync database)
    {
        var fields = await database.HashGetAllAsync(EventStreamNames.GroupDecisionsKey);
        return fields.ToDictionary(field => (string)field.Name!, field => Parse(field.Value), StringComparer.Ordinal);
    }

    /// <summary>The decision about <paramref name="group"/>; null when it runs.</summary>
    public static async Task<GroupDecision?> ReadAsync(IDatabaseAsync database, string group) =>
        await database.HashGetAsync(EventStreamNames.GroupDecisionsKey, group) is { IsNull: false } value ? Parse(value) : null;

    public static string Serialize(GroupDecision decision) => JsonSerializer.Serialize(decision, Json);

    private static GroupDecision Parse(RedisValue value) =>
        JsonSerializer.Deserialize<GroupDecision>((string)value!, Json)
        ?? throw new InvalidOperationException($"The decision '{value}' about a consumer group is not readable.");
}
