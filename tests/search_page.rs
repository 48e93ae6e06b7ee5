//! The results page around its list (issue 9: the friction a family met): shared links hold only what was
//! chosen; "您是不是要找" keeps the filters and names the place; more results and another place are offered;
//! a point outside Erqi says so; an empty list says why; a refused search keeps its form; the comparison
//! gives distances from where the family searched.

mod common;

use common::{TestDb, TestServer, get_text};

const NEAR: &str = "410103013";

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

#[tokio::test]
async fn the_results_page_around_its_list() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--api-rate", "0"]);

    // A plain form's empty fields are dropped from the address (one redirect), the rest kept as sent.
    let res = no_redirects()
        .get(server.url(&format!("/search?near={NEAR}&kind=kindergarten&age=&grade=&from=&to=")))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 302);
    let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(location, format!("/search?near={NEAR}&kind=kindergarten"));
    let (status, _) = get_text(&server.url(&format!("/search?near={NEAR}&kind=kindergarten"))).await;
    assert_eq!(status, 200, "a clean address is served as it is");

    // "您是不是要找": each other place keeps the filters, and its page is headed by its name.
    let (status, html) = get_text(&server.url("/search?q=%E4%BA%8C%E4%B8%83&kind=kindergarten")).await;
    assert_eq!(status, 200);
    // `<a href="…" class="alt">name</a>`
    let alts: Vec<(String, String)> = html
        .split("<a href=\"")
        .skip(1)
        .filter_map(|s| {
            let (href, rest) = s.split_once('"')?;
            let name = rest.strip_prefix(" class=\"alt\">")?.split('<').next()?;
            Some((href.replace("&amp;", "&"), name.to_string()))
        })
        .collect();
    assert!(!alts.is_empty(), "the typed name matched more than one place");
    for (alt, _) in &alts {
        assert!(alt.contains("kind=kindergarten") && alt.contains("lat=") && alt.contains("name="), "{alt}");
    }
    let (href, name) = &alts[0];
    let (status, page) = get_text(&server.url(href)).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("「{name}」附近")), "headed by {name}");
    assert!(!page.contains("您的位置附近"));

    // The page limit reached: "more" asks for more of the same place and filters; another place is offered.
    let (_, html) = get_text(&server.url(&format!("/search?near={NEAR}"))).await;
    assert_eq!(html.matches("class=\"result\"").count(), 20);
    assert!(html.contains(&format!("href=\"/search?limit=40&amp;near={NEAR}\"")), "more results");
    assert!(html.contains("href=\"/\" class=\"btn\">换个位置"));
    let (_, more) = get_text(&server.url(&format!("/search?limit=40&near={NEAR}"))).await;
    assert!(more.matches("class=\"result\"").count() > 20);

    // Far outside the district: said, not only implied by "621.4 公里".
    let (_, far) = get_text(&server.url("/search?lat=39.9&lng=116.4")).await;
    assert!(far.contains("二七关爱地图只收录二七区的服务"));
    let (_, near) = get_text(&server.url(&format!("/search?near={NEAR}"))).await;
    assert!(!near.contains("二七关爱地图只收录二七区的服务"));

    // An empty list says why, and how to widen it.
    let (_, empty) = get_text(&server.url(&format!("/search?near={NEAR}&kind=kindergarten&age=1"))).await;
    assert!(!empty.contains("class=\"result\""));
    assert!(empty.contains("1 岁的孩子可以找托育机构"), "an age no kindergarten takes");
    assert!(empty.contains(&format!("href=\"/search?kind=kindergarten&amp;near={NEAR}\"")), "fewer filters");
    // A two-year-old: kindergartens do not take them; infant care (issue 9 item 6) does, and is offered.
    let (_, two) = get_text(&server.url(&format!("/search?near={NEAR}&kind=kindergarten&age=2"))).await;
    let to_nursery = format!("/search?kind=nursery&amp;age=2&amp;near={NEAR}");
    assert!(two.contains(&format!("href=\"{to_nursery}\"")), "pointed to infant care");
    let (_, nurseries) = get_text(&server.url(&to_nursery.replace("&amp;", "&"))).await;
    let kinds: Vec<&str> = nurseries.split("data-kind=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert!(!kinds.is_empty() && kinds.iter().all(|k| *k == "nursery"), "{kinds:?}");
    let (_, older) = get_text(&server.url(&format!("/search?near={NEAR}&kind=kindergarten&age=9"))).await;
    assert!(older.contains("9 岁的孩子请看小学"));

    // Holiday dates without sessions: the page says when the nearby ones run.
    let (_, march) =
        get_text(&server.url(&format!("/search?near={NEAR}&kind=holiday_care&from=2027-03-01&to=2027-03-05"))).await;
    assert!(!march.contains("class=\"result\""));
    assert!(march.contains("附近这些日期有班"), "says when there are sessions");
    assert!(
        march.contains("寒假托管：2027-01-18 至 2027-02-05")
            && march.contains("暑假托管（第一期）：2027-07-12 至 2027-07-30")
    );

    // Reversed dates: a 400 that keeps the form open to correct them, and dates start today.
    let (status, refused) = get_text(&server.url(&format!("/search?near={NEAR}&from=2027-08-10&to=2027-07-15"))).await;
    assert_eq!(status, 400);
    assert!(refused.contains("notice error") && refused.contains("<details open class=\"filters\">"), "form kept");
    assert!(refused.contains("name=\"from\" min=\"20"), "date inputs have a min");

    // The comparison: distances from the point the shortlist kept; a bad point is a 400 naming it.
    let (_, list) = get_text(&server.url(&format!("/search?near={NEAR}&kind=kindergarten&limit=2"))).await;
    let ids: Vec<&str> = list.split("data-id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert_eq!(ids.len(), 2);
    let ids = ids.join(",");
    let (status, compared) = get_text(&server.url(&format!("/compare?ids={ids}&origin=34.715,113.644"))).await;
    assert_eq!(status, 200);
    assert!(compared.contains("距离（从搜索位置）") && compared.contains("机构类型"));
    let (_, without) = get_text(&server.url(&format!("/compare?ids={ids}"))).await;
    assert!(!without.contains("距离（从搜索位置）"), "no point, no distance row");
    for bad in ["abc", "34.7", "91,113", "34.7,113.6,1", "NaN,1"] {
        let (status, page) = get_text(&server.url(&format!("/compare?ids={ids}&origin={bad}"))).await;
        assert_eq!(status, 400, "{bad}");
        assert!(page.contains("origin"), "{bad}: names the parameter");
    }
}

/// Issue 9 friction: a report sent without JavaScript (a plain form post) comes back to the facility's page,
/// which says it arrived — or that it did not.
#[tokio::test]
async fn a_report_without_javascript_is_confirmed_on_the_page() {
    let db = TestDb::new();
    let server = TestServer::start(&db, &["--api-rate", "0"]);
    let id = "ec-410103001";
    let post = |kind: &'static str| {
        no_redirects()
            .post(server.url("/api/report"))
            .header("origin", server.base.clone())
            .header("referer", server.url(&format!("/facility/{id}")))
            .header("accept", "text/html,application/xhtml+xml")
            .form(&[("facility_id", id), ("kind", kind), ("note", "")])
            .send()
    };
    let res = post("full").await.expect("report");
    assert_eq!(res.status().as_u16(), 302);
    let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(location, format!("/facility/{id}?report=sent#report"));
    let (status, page) = get_text(&server.url(&location)).await;
    assert_eq!(status, 200);
    assert!(page.contains("谢谢！机构管理员和区里会看到。"), "the page confirms the report");
    // A refused one comes back too, and says so.
    let res = post("closed").await.expect("report");
    let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(location, format!("/facility/{id}?report=failed#report"));
    let (_, page) = get_text(&server.url(&location)).await;
    assert!(page.contains("报告没有发出"));
    let (_, plain) = get_text(&server.url(&format!("/facility/{id}"))).await;
    assert!(!plain.contains("谢谢！机构管理员") && !plain.contains("报告没有发出"));
}
