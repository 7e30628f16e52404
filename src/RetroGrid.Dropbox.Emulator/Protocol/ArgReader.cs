using System.Text.Json;

namespace RetroGrid.Dropbox.Emulator.Protocol;

/// <summary>
/// Typed, validating view of one JSON object of a route argument. Unknown fields are ignored (Stone decoders are
/// tolerant); wrong types, missing required fields and pattern mismatches become 400 with Dropbox-like text.
/// </summary>
internal readonly struct ArgReader
{
    private readonly JsonElement _element;
    private readonly string _prefix;

    private ArgReader(JsonElement element, string prefix)
    {
        _element = element;
        _prefix = prefix;
    }

    public static ArgReader Root(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ApiErrorException.BadInput($"expected object, got {Describe(element)}");
        }

        return new ArgReader(element, "");
    }

    public bool Has(string name) =>
        _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw Fail(name, "missing required field");

    public string? OptionalString(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Fail(name, $"expected string, got {Describe(value)}");
    }

    public string RequiredPath(string name, string pattern)
    {
        var value = RequiredString(name);
        if (!PathPatterns.IsMatch(pattern, value))
        {
            throw Fail(name, $"'{value}' did not match pattern '{pattern}'");
        }

        return value;
    }

    public string? OptionalRev(string name)
    {
        var value = OptionalString(name);
        if (value is not null && !PathPatterns.IsMatch(PathPatterns.Rev, value))
        {
            throw Fail(name, $"'{value}' did not match pattern '{PathPatterns.Rev}'");
        }

        return value;
    }

    public bool Bool(string name, bool defaultValue)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return defaultValue;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail(name, $"expected boolean, got {Describe(value)}"),
        };
    }

    public ulong RequiredUInt64(string name) =>
        OptionalUInt64(name) ?? throw Fail(name, "missing required field");

    public ulong? OptionalUInt64(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number)
            ? number
            : throw Fail(name, $"expected unsigned 64-bit integer, got {Describe(value)}");
    }

    public long UInt32InRange(string name, long defaultValue, long min, long max)
    {
        var value = OptionalUInt64(name);
        if (value is null)
        {
            return defaultValue;
        }

        return value.Value < (ulong)min || value.Value > (ulong)max
            ? throw Fail(name, $"{value.Value} is not within range [{min}, {max}]")
            : (long)value.Value;
    }

    public DateTimeOffset? OptionalTimestamp(string name)
    {
        var text = OptionalString(name);
        if (text is null)
        {
            return null;
        }

        return Timestamps.TryParse(text, out var value) ? value : throw Fail(name, $"'{text}' is not a valid timestamp");
    }

    public string? OptionalHash(string name)
    {
        var value = OptionalString(name);
        if (value is not null && (value.Length != 64 || !value.All(char.IsAsciiHexDigit)))
        {
            throw Fail(name, $"'{value}' must be 64 hexadecimal characters");
        }

        return value?.ToLowerInvariant();
    }

    public ArgReader RequiredObject(string name) =>
        OptionalObject(name) ?? throw Fail(name, "missing required field");

    public ArgReader? OptionalObject(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? new ArgReader(value, $"{_prefix}{name}.")
            : throw Fail(name, $"expected object, got {Describe(value)}");
    }

    public List<ArgReader> RequiredList(string name, int maxItems)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Fail(name, "missing required field");
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Fail(name, $"expected list, got {Describe(value)}");
        }

        var count = value.GetArrayLength();
        if (count > maxItems)
        {
            throw Fail(name, $"list has {count} items, more than the maximum of {maxItems}");
        }

        var items = new List<ArgReader>(count);
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Fail($"{name}[{index}]", $"expected object, got {Describe(item)}");
            }

            items.Add(new ArgReader(item, $"{_prefix}{name}[{index}]."));
            index++;
        }

        return items;
    }

    /// <summary>
    /// Reads a union member: the bare-string shorthand (void members only) or an object with <c>.tag</c>.
    /// Returns the tag and the object (for reading the member's payload), or the default when absent.
    /// </summary>
    public (string Tag, ArgReader? Body) Union(string name, string defaultTag, IReadOnlyCollection<string> allowed)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (defaultTag, null);
        }

        string? tag;
        ArgReader? body = null;
        if (value.ValueKind == JsonValueKind.String)
        {
            tag = value.GetString();
        }
        else if (value.ValueKind == JsonValueKind.Object)
        {
            tag = value.TryGetProperty(".tag", out var tagElement) && tagElement.ValueKind == JsonValueKind.String
                ? tagElement.GetString()
                : throw Fail(name, "missing '.tag' key");
            body = new ArgReader(value, $"{_prefix}{name}.");
        }
        else
        {
            throw Fail(name, $"expected object or string, got {Describe(value)}");
        }

        if (tag is null || !allowed.Contains(tag))
        {
            throw Fail(name, $"unknown tag '{tag}'");
        }

        return (tag, body);
    }

    private ApiErrorException Fail(string name, string problem) => ApiErrorException.BadInput($"{_prefix}{name}: {problem}");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "list",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
