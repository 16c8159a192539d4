using System.Net.Mail;
using System.Text.RegularExpressions;
using Pulse.Api.Problems;
using Pulse.Contracts.Users;
using Pulse.Contracts.Validation;

namespace Pulse.Api.Users;

/// <summary>The rules a new user must meet, and the normal form it is stored in.</summary>
public static partial class UserValidation
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    /// <summary>A valid request, normalised: handle and email lower-case, country upper-case, names trimmed.</summary>
    public sealed record NewUser(string Handle, string DisplayName, string Email, string Country, string Password);

    public static NewUser? Validate(CreateUserRequest request, ValidationErrors errors)
    {
        var handle = request.Handle?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(handle))
        {
            errors.Add("handle", "Required.");
        }
        else if (!HandlePattern().IsMatch(handle))
        {
            errors.Add("handle", "Use 3 to 30 letters, digits or underscores.");
        }

        var displayName = request.DisplayName?.Trim();
        if (string.IsNullOrEmpty(displayName))
        {
            errors.Add("displayName", "Required.");
        }
        else if (displayName.Length > 100)
        {
            errors.Add("displayName", "At most 100 characters.");
        }

        var email = request.Email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email))
        {
            errors.Add("email", "Required.");
        }
        else if (email.Length > 254 || !MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            errors.Add("email", "Not a valid email address.");
        }

        var country = request.Country?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(country))
        {
            errors.Add("country", "Required.");
        }
        else if (!IsoCountries.IsAssigned(country))
        {
            errors.Add("country", "Use an ISO 3166-1 alpha-2 code, such as US or DE.");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "Required.");
        }
        else if (request.Password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            errors.Add("password", $"Use {MinPasswordLength} to {MaxPasswordLength} characters.");
        }

        return errors.Any ? null : new NewUser(handle!, displayName!, email!, country!, request.Password!);
    }

    [GeneratedRegex("^[a-z0-9_]{3,30}$")]
    private static partial Regex HandlePattern();
}
