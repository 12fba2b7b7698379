// Haber's article page, enhanced: counts the view, posts comments, loads more comments and
// replies, likes and shares. Every string comes from the page (its language); the API is
// the same origin. Without this script the page still reads completely.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("haber-page").textContent);
  var strings = data.strings;
  var base = "/articles/" + data.article;
  var plural = new Intl.PluralRules(data.lang);

  function text(key, values) {
    var template = strings[key] || "";
    return template.replace(/\{\{(\w+)\}\}/g, function (_, name) { return values && name in values ? values[name] : ""; });
  }
  function counted(key, count) {
    var form = plural.select(count);
    return text(strings[key + "_" + form] ? key + "_" + form : key + "_other", { count: count.toLocaleString(data.lang) });
  }
  function api(method, path, body, headers) {
    var options = { method: method, headers: Object.assign({ "Accept": "application/json" }, headers), keepalive: true };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) { throw json.error || {}; }
        return json;
      });
    });
  }
  function reveal(selector) {
    document.querySelectorAll(selector).forEach(function (element) { element.hidden = false; });
  }

  // The view: once per page load; the server counts a reader once a day. Behind the CDN the
  // beacon is a Lambda function URL, whose signed requests must name the (empty) body's hash.
  var EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  api("POST", base + "/views", undefined, { "x-amz-content-sha256": EMPTY_BODY_SHA256 }).catch(function () {});

  // Sharing: every share link and the copy button also count a share.
  document.querySelectorAll("[data-network]").forEach(function (link) {
    link.addEventListener("click", function () { api("POST", base + "/shares", { network: link.dataset.network }).catch(function () {}); });
  });
  var copy = document.querySelector("[data-copy]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.dataset.copy).then(function () {
        copy.textContent = text("share.copied");
        api("POST", base + "/shares", { network: "copy" }).catch(function () {});
      });
    });
  }

  // Like: add, or take back.
  var like = document.querySelector("[data-like]");
  if (like) {
    like.hidden = false;
    like.addEventListener("click", function () {
      var adding = like.getAttribute("aria-pressed") !== "true";
      var request = adding ? api("POST", base + "/reactions", { type: "like" }) : api("DELETE", base + "/reactions/like");
      request.then(function (result) {
        like.setAttribute("aria-pressed", String(adding));
        like.querySelector("[data-like-label]").textContent = text(adding ? "reactions.liked" : "reactions.like");
        document.querySelector("[data-likes]").textContent = counted("reactions.likes", result.count);
      }).catch(function () {});
    });
  }

  // Comments: text is always set as text, never as HTML.
  function commentItem(comment) {
    var item = document.createElement("li");
    item.className = "comment";
    item.id = "comment-" + comment.id;
    var body = document.createElement("article");
    var meta = document.createElement("p");
    meta.className = "comment-meta";
    var author = document.createElement("strong");
    author.textContent = comment.author || "";
    var time = document.createElement("time");
    time.dateTime = comment.created_at;
    time.textContent = comment.display.created.relative;
    meta.append(author, " · ", time);
    var words = document.createElement("p");
    if (comment.deleted) {
      words.className = "deleted";
      words.textContent = text("comments.deleted");
    } else {
      words.className = "text";
      words.lang = comment.lang;
      words.textContent = comment.text;
    }
    body.append(meta, words);
    if (!comment.parent_id) {
      var replies = document.createElement("ol");
      replies.className = "replies";
      replies.dataset.replies = comment.id;
      body.append(replies);
    }
    item.append(body);
    return item;
  }
  var list = document.querySelector("[data-comments]");
  function appendNew(container, items) {
    items.forEach(function (comment) {
      if (!document.getElementById("comment-" + comment.id)) { container.append(commentItem(comment)); }
    });
  }
  var more = document.querySelector("[data-more-comments]");
  var cursor = null;
  if (more) {
    more.hidden = false;
    more.addEventListener("click", function () {
      var query = "?lang=" + data.lang + "&limit=50" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
      api("GET", base + "/comments" + query).then(function (page) {
        appendNew(list, page.items);
        cursor = page.next_cursor;
        more.hidden = !cursor;
      }).catch(function () {});
    });
  }
  document.querySelectorAll("[data-more-replies]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var parent = button.dataset.moreReplies;
      api("GET", base + "/comments/" + parent + "/replies?lang=" + data.lang + "&limit=50").then(function (page) {
        appendNew(document.querySelector('[data-replies="' + parent + '"]'), page.items);
        button.hidden = true;
      }).catch(function () {});
    });
  });

  // Why a comment was not taken, in the page's language: the network (fetch rejected, and
  // the browser's own words would be English), a comment rule the reader can act on (the
  // API's validation detail names the field and the rule), else the API's message, which
  // it gives in the page's language.
  var RULES = {
    "body.text:too_many_links": "comments.invalid.links",
    "body.text:too_long": "comments.invalid.text_length",
    "body.text:string_too_long": "comments.invalid.text_length",
    "body.text:blank": "comments.invalid.text_blank",
    "body.author:too_long": "comments.invalid.author_length",
    "body.author:string_too_long": "comments.invalid.author_length",
    "body.author:blank": "comments.invalid.author_blank",
    "body.author:mixed_scripts": "comments.invalid.author_scripts"
  };
  function refusal(error) {
    if (error instanceof Error) { return text("comments.network_error"); }
    var rule = (error.details || []).map(function (detail) {
      return RULES[detail.field + ":" + detail.reason];
    }).filter(function (key) { return key && strings[key]; })[0];
    return rule ? text(rule) : error.message || text("common.error");
  }

  var form = document.querySelector("[data-comment-form]");
  if (!form) { return; }
  form.hidden = false;
  var status = form.querySelector("[data-form-status]");
  var replying = form.querySelector("[data-replying]");
  var parentId = null;
  reveal("[data-reply]");
  document.querySelectorAll("[data-reply]").forEach(function (button) {
    button.addEventListener("click", function () {
      parentId = button.dataset.reply;
      form.querySelector("[data-replying-to]").textContent = text("comments.reply_to", { author: button.dataset.author });
      replying.hidden = false;
      form.querySelector("textarea").focus();
    });
  });
  form.querySelector("[data-cancel-reply]").addEventListener("click", function () {
    parentId = null;
    replying.hidden = true;
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var submit = form.querySelector("[type=submit]");
    var comment = { author: form.author.value, text: form.text.value, lang: data.lang };
    if (parentId) { comment.parent_id = parentId; }
    if (form.website.value) { comment.website = form.website.value; }
    submit.disabled = true;
    status.textContent = text("comments.form.sending");
    api("POST", base + "/comments?lang=" + data.lang, comment).then(function (result) {
      status.textContent = text(result.status === "approved" ? "comments.posted" : "comments.pending");
      form.text.value = "";
      if (result.status === "approved") {
        var shown = commentItem({ id: result.id, author: comment.author, text: comment.text, lang: data.lang,
          parent_id: parentId, created_at: new Date().toISOString(),
          display: { created: { relative: text("comments.just_now") } } });
        var target = parentId ? document.querySelector('[data-replies="' + parentId + '"]') : list;
        target.append(shown);
        var empty = document.querySelector("[data-empty]");
        if (empty) { empty.hidden = true; }
      }
    }).catch(function (error) {
      status.textContent = refusal(error);
    }).then(function () { submit.disabled = false; });
  });
})();
