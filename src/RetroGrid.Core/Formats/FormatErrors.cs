using RetroGrid.Core.Errors;

namespace RetroGrid.Core.Formats;

/// <summary>Builds the format exceptions every decoder throws, so messages stay uniform.</summary>
internal static class FormatErrors
{
    public static RetroGridFormatException Corrupt(string objectName, string detail, Exception? inner = null) =>
        new(FormatErrorCodes.CorruptObject, objectName, detail, inner);

    public static RetroGridFormatException UnsupportedVersion(string objectName, string detail) =>
        new(FormatErrorCodes.UnsupportedVersion, objectName, detail);

    public static RetroGridFormatException Missing(string objectName, string detail, Exception? inner = null) =>
        new(FormatErrorCodes.MissingObject, objectName, detail, inner);
}
