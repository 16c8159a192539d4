using Pulse.Ingestor.Streams;

namespace Pulse.UnitTests.Ingestor;

/// <summary>When a batch isolated entry by entry says the store, not the entries, is at fault.</summary>
public sealed class StoreFaultTests
{
    private static readonly Func<Exception, bool> NoEntryFaults = _ => false;

    [Fact]
    public void Every_entry_of_two_or_more_failing_with_one_error_is_the_stores_fault()
    {
        var fault = StoreFaultException.Of(3, [new IOException("disk offline"), new IOException("disk offline"), new IOException("disk offline")], NoEntryFaults);

        Assert.NotNull(fault);
        Assert.Equal("The store refused each of 3 entries alike: disk offline", fault.Message);
        Assert.IsType<IOException>(fault.InnerException);
    }

    [Fact]
    public void One_entry_alone_cannot_tell_a_bad_store_from_a_bad_event() =>
        Assert.Null(StoreFaultException.Of(1, [new IOException("disk offline")], NoEntryFaults));

    [Fact]
    public void Some_entries_stored_means_the_failed_ones_are_at_fault() =>
        Assert.Null(StoreFaultException.Of(3, [new IOException("disk offline"), new IOException("disk offline")], NoEntryFaults));

    [Fact]
    public void Different_errors_are_different_bad_events() =>
        Assert.Null(StoreFaultException.Of(2, [new IOException("value 7 too long"), new IOException("value 9 too long")], NoEntryFaults));

    [Fact]
    public void An_error_the_sink_calls_the_events_own_is_never_the_stores_however_many_share_it() =>
        Assert.Null(StoreFaultException.Of(2, [new IOException("check constraint"), new IOException("check constraint")], error => error.Message == "check constraint"));

    [Fact]
    public void The_same_message_from_different_kinds_of_error_is_not_one_error() =>
        Assert.Null(StoreFaultException.Of(2, [new IOException("refused"), new InvalidOperationException("refused")], NoEntryFaults));
}
