//! Streams over the items of paged list operations, fetching the next page as the stream is
//! read. See the crate docs for which operations page and how they are recognised.

use std::collections::VecDeque;
use std::future::Future;

use futures_util::Stream;

use crate::Error;

/// Items of every page, in order: `fetch(cursor)` returns one page's items and the cursor of
/// the next page (`None` on the last). Stops at the first error, which it yields.
pub fn items<'a, T, E, F, Fut>(
    first: Option<String>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>> + Send + 'a
where
    T: Send + 'a,
    E: Send + 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), Error<E>>> + Send + 'a,
{
    struct State<T, F> {
        fetch: F,
        buffered: VecDeque<T>,
        /// The cursor to fetch next; `None` once the last page was fetched.
        next: Option<Option<String>>,
    }
    let state = State {
        fetch,
        buffered: VecDeque::new(),
        next: Some(first),
    };
    futures_util::stream::try_unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffered.pop_front() {
                return Ok(Some((item, state)));
            }
            let Some(cursor) = state.next.take() else {
                return Ok(None);
            };
            let (items, next) = (state.fetch)(cursor.clone()).await?;
            state.buffered.extend(items);
            // No cursor, an empty one, or the same one again: that was the last page.
            state.next = next
                .filter(|n| !n.is_empty() && Some(n) != cursor.as_ref())
                .map(Some);
        }
    })
}

/// The next page's cursor from what a page says: a token as it is, or a link (path or URL)
/// whose query carries the cursor parameter `param`.
pub fn next_cursor(next: Option<&str>, param: &str) -> Option<String> {
    let next = next?.trim();
    if next.is_empty() {
        return None;
    }
    let Some((_, query)) = next.split_once('?') else {
        // A path without a query cannot say where to continue; a plain value is the cursor.
        return (!next.contains('/')).then(|| next.to_string());
    };
    url::form_urlencoded::parse(query.split('#').next().unwrap_or("").as_bytes())
        .find(|(key, _)| key == param)
        .map(|(_, value)| value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt;

    #[test]
    fn cursors_from_tokens_and_links() {
        assert_eq!(
            next_cursor(Some("abc"), "page_token").as_deref(),
            Some("abc")
        );
        assert_eq!(
            next_cursor(
                Some("/v4/accounts/1/projects?after=g3Q%3D%3D&page_size=5"),
                "after"
            )
            .as_deref(),
            Some("g3Q==")
        );
        assert_eq!(
            next_cursor(Some("https://api.example.com/items?cursor=9"), "cursor").as_deref(),
            Some("9")
        );
        assert_eq!(next_cursor(Some("/v4/accounts/1/projects"), "after"), None);
        assert_eq!(next_cursor(Some(""), "after"), None);
        assert_eq!(next_cursor(None, "after"), None);
    }

    #[tokio::test]
    async fn pages_are_fetched_as_the_stream_is_read() {
        let fetched = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = fetched.clone();
        let stream = items(None, move |cursor: Option<String>| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(cursor.clone());
                Ok::<_, Error<()>>(match cursor.as_deref() {
                    None => (vec![1, 2], Some("b".to_string())),
                    Some("b") => (vec![], Some("c".to_string())),
                    Some("c") => (vec![3], Some("c".to_string())),
                    _ => unreachable!(),
                })
            }
        });
        let all: Vec<i32> = stream.try_collect().await.unwrap();
        assert_eq!(all, [1, 2, 3]);
        assert_eq!(
            *fetched.lock().unwrap(),
            [None, Some("b".into()), Some("c".into())],
            "a repeated cursor ends it"
        );
    }
}
