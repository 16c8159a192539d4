namespace Pulse.Data;

/// <summary>
/// Makes <c>audit_log</c> append-only for every role but a superuser that drops the trigger: an
/// UPDATE, DELETE or TRUNCATE fails with a clear message, so no admin action can be rewritten or
/// hidden through the Api's own connection.
/// </summary>
public static class AuditLogProtection
{
    public const string Create = """
        create function refuse_audit_log_change() returns trigger language plpgsql as $$
        begin
            raise exception 'audit_log is append-only: % is not allowed', tg_op
                using errcode = 'insufficient_privilege';
        end
        $$;

        create trigger audit_log_append_only before update or delete on audit_log
            for each row execute function refuse_audit_log_change();
        create trigger audit_log_no_truncate before truncate on audit_log
            for each statement execute function refuse_audit_log_change();
        """;

    public const string Drop = """
        drop trigger if exists audit_log_no_truncate on audit_log;
        drop trigger if exists audit_log_append_only on audit_log;
        drop function if exists refuse_audit_log_change();
        """;
}
