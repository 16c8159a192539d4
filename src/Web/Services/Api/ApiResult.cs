using System.Diagnostics.CodeAnalysis;

namespace Pulse.Web.Services.Api;

/// <summary>An Api answer: either its value or the problem that stood in its way. Never an exception.</summary>
public sealed class ApiResult<T>
{
    internal ApiResult(T? value, ApiProblem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public ApiProblem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsSuccess => Problem is null;

    /// <summary>The event store (MongoDB) is absent or down: the rest of Pulse still works.</summary>
    public bool IsEventStoreUnavailable => Problem?.Kind == ApiProblemKind.EventStoreUnavailable;

    public ApiResult<TResult> Map<TResult>(Func<T, TResult> map) =>
        IsSuccess ? ApiResult.Success(map(Value)) : ApiResult.Failure<TResult>(Problem);
}

public static class ApiResult
{
    public static ApiResult<T> Success<T>(T value) => new(value, null);

    public static ApiResult<T> Failure<T>(ApiProblem problem) => new(default, problem);
}

public static class ApiResultExtensions
{
    /// <summary>
    /// A refresh's answer, unless it failed where the last one succeeded: a page keeps showing what
    /// it had rather than swapping good figures for an error it will likely recover from.
    /// </summary>
    public static ApiResult<T> OrKeep<T>(this ApiResult<T> next, ApiResult<T>? previous) =>
        next.IsSuccess || previous is not { IsSuccess: true } ? next : previous;
}
