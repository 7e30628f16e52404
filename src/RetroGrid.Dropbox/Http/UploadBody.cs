namespace RetroGrid.Dropbox;

/// <summary>The bytes of an upload request, able to say whether they can be sent again for a retry.</summary>
internal abstract class UploadBody
{
    public abstract long Length { get; }

    /// <summary>True when every attempt can send the same bytes (buffered, or a seekable stream).</summary>
    public abstract bool CanReplay { get; }

    public abstract HttpContent CreateContent();

    public static UploadBody FromMemory(ReadOnlyMemory<byte> data) => new MemoryUploadBody(data);

    public static UploadBody FromStream(Stream stream, long length) => new StreamUploadBody(stream, length);

    private sealed class MemoryUploadBody(ReadOnlyMemory<byte> data) : UploadBody
    {
        public override long Length => data.Length;

        public override bool CanReplay => true;

        public override HttpContent CreateContent() => new ReadOnlyMemoryContent(data);
    }

    private sealed class StreamUploadBody : UploadBody
    {
        private readonly Stream _stream;
        private readonly long _start;
        private readonly long _length;
        private bool _used;

        public StreamUploadBody(Stream stream, long length)
        {
            _stream = stream;
            _length = length;
            _start = stream.CanSeek ? stream.Position : -1;
        }

        public override long Length => _length;

        public override bool CanReplay => _stream.CanSeek;

        public override HttpContent CreateContent()
        {
            if (_stream.CanSeek)
            {
                _stream.Position = _start;
            }
            else if (_used)
            {
                throw new InvalidOperationException("A non-seekable upload body cannot be sent twice.");
            }

            _used = true;
            var content = new StreamContent(new LengthLimitedStream(_stream, _length));
            content.Headers.ContentLength = _length;
            return content;
        }
    }
}
