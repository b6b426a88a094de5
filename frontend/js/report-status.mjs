// The "Preparing your report" page: asks the status address every few seconds and,
// once the file is ready, says so in the page's status message (a live region, so a
// screen reader announces it) and shows the download link. Nothing reloads or moves
// on its own; without JavaScript the page's "Check again" link does the same.
const region = document.getElementById('report-status')
const download = document.getElementById('report-download')
const check = document.getElementById('report-check')
const INTERVAL = 3000
const LIMIT = 200 // ten minutes: after that, "Check again" is still there

async function poll (tries) {
  let answer = null
  try {
    const response = await fetch(region.dataset.reportStatus, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store'
    })
    if (response.ok) answer = await response.json()
  } catch {
    answer = null // a network blip: try again next time
  }
  if (answer && answer.status === 'ready') {
    download.hidden = false
    check.hidden = true
    region.textContent = 'Your report is ready. Download it below.'
    document.title = document.title.replace('Preparing your report', 'Your report is ready')
  } else if (answer && answer.status === 'failed') {
    region.textContent = 'The report could not be prepared. Check again to see why and to try again.'
  } else if (tries < LIMIT) {
    window.setTimeout(() => poll(tries + 1), INTERVAL)
  }
}

if (region && download && check && region.dataset.reportStatus) {
  window.setTimeout(() => poll(1), INTERVAL)
}
