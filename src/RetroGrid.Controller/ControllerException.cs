using RetroGrid.Dropbox;

namespace RetroGrid.Controller;

/// <summary>A failure of the controller with its RetroGrid code; the message never holds a token or key.</summary>
internal sealed class ControllerException(RetroGridErrorCode code, string message) : Exception(message)
{
    public RetroGridErrorCode Code { get; } = code;
}
