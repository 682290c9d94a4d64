// brandpunt map page: draws the layers embedded in the page (id "bp-data") with Leaflet, which
// is inlined before this script. Nothing is fetched: no basemap, no fonts, no images.
//
// The data (built by engine/report/map_page.cpp from the published files):
//   {title, subtitle, period, language, notice, categories: [{key, label}],
//    layers: [{id, label, kind: areas|streets|grid|density|outline, level, visible,
//              fields: [...], rows: [[...]], geometry: [GeoJSON geometry]}],
//    series: {months: [...], first_current, n_current, by_code: {code: {cat: [n or null]}}},
//    focus: [{level, category, rows: [{rank, code, name, count, reasons}]}],
//    classes: {gi: [...], emerging: [...], density: [...]} each {key, code, label, colour},
//    colours: {no_data, outline, border, street}}
// window.brandpunt exposes the map and its layers for the tests.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('bp-data').textContent);
  var NL = D.language !== 'en';
  var T = NL ? {
    category: 'Categorie', colourBy: 'Kleur op', gi: 'Hotspots nu (Gi*)', emerging: 'Ontwikkeling in de tijd',
    layers: 'Kaartlagen', legend: 'Legenda', focus: 'Focuslijst', noFocus: 'Geen gebieden op de focuslijst.',
    incidents: 'incidenten', previous: 'vorige periode', lastYear: 'jaar eerder', per1000: 'per 1.000 inwoners',
    hotspot: 'Hotspot', development: 'Ontwikkeling', since: 'sinds', trend: 'Trend', suppressed: 'afgeschermd',
    noSeries: 'Geen maandreeks gepubliceerd voor dit gebied.', months: 'Incidenten per maand', periodShaded: 'analyseperiode geel', greySuppressed: 'grijs = afgeschermd',
    noData: 'Geen gegevens', street: 'Straat niet significant', levels: {straat: 'Straten', buurt: 'Buurten', wijk: 'Wijken', stadsdeel: 'Stadsdelen', gemeente: 'Gemeente'},
    level1: {straat: 'straat', buurt: 'buurt', wijk: 'wijk', stadsdeel: 'stadsdeel', gemeente: 'gemeente'},
    trends: {increasing: 'stijgend', decreasing: 'dalend', no_trend: 'geen trend', too_short: 'te kort'},
    zoomHint: 'Klik op een rij om naar het gebied te gaan.', onlyTotaal: 'Het raster heeft Gi* alleen voor totaal.',
    cell: 'rastercel', densityClass: 'Dichtheidsklasse'
  } : {
    category: 'Category', colourBy: 'Colour by', gi: 'Hot spots now (Gi*)', emerging: 'Development over time',
    layers: 'Layers', legend: 'Legend', focus: 'Focus list', noFocus: 'No areas on the focus list.',
    incidents: 'incidents', previous: 'previous period', lastYear: 'a year earlier', per1000: 'per 1,000 inhabitants',
    hotspot: 'Hot spot', development: 'Development', since: 'since', trend: 'Trend', suppressed: 'suppressed',
    noSeries: 'No monthly series published for this area.', months: 'Incidents per month', periodShaded: 'analysis period in yellow', greySuppressed: 'grey = suppressed',
    noData: 'No data', street: 'Street not significant', levels: {straat: 'Streets', buurt: 'Neighbourhoods', wijk: 'Districts', stadsdeel: 'Boroughs', gemeente: 'Municipality'},
    level1: {straat: 'street', buurt: 'neighbourhood', wijk: 'district', stadsdeel: 'borough', gemeente: 'municipality'},
    trends: {increasing: 'increasing', decreasing: 'decreasing', no_trend: 'no trend', too_short: 'too short'},
    zoomHint: 'Click a row to go to the area.', onlyTotaal: 'The grid has Gi* for totaal only.',
    cell: 'grid cell', densityClass: 'Density class'
  };

  var state = {category: D.categories.length ? D.categories[0].key : 'totaal', mode: 'gi'};
  var byKey = {};
  ['gi', 'emerging', 'density'].forEach(function (k) {
    byKey[k] = {};
    (D.classes[k] || []).forEach(function (c) { byKey[k][c.key] = c; });
  });

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k]; else if (k === 'cls') e.className = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function fmt(v, decimals) {
    if (v === null || v === undefined || v === '') return '–';
    var s = typeof v === 'number' ? v.toFixed(decimals === undefined ? 0 : decimals) : String(v);
    return NL ? s.replace('.', ',') : s;
  }
  function catLabel(key) {
    for (var i = 0; i < D.categories.length; ++i) if (D.categories[i].key === key) return D.categories[i].label;
    return key;
  }

  // --- layers -------------------------------------------------------------------------
  var map = L.map('map', {zoomSnap: 0.25, attributionControl: false, preferCanvas: false});
  L.control.scale({imperial: false, position: 'bottomleft'}).addTo(map);
  var layers = {};      // id -> {spec, group, byCode}
  var order = [];

  function featureOf(spec, i) {
    var props = {};
    for (var f = 0; f < spec.fields.length; ++f) props[spec.fields[f]] = spec.rows[i][f];
    return {type: 'Feature', properties: props, geometry: spec.geometry[i]};
  }
  function classOf(spec, p) {
    var cat = state.category;
    if (spec.kind === 'density') return byKey.density[String(p['class'])];
    if (state.mode === 'emerging') return byKey.emerging[p['emerging_' + cat]];
    return byKey.gi[p['gi_class_' + cat]];
  }
  function styleOf(spec, p) {
    var c = classOf(spec, p);
    switch (spec.kind) {
      case 'outline':
        return {color: D.colours.border, weight: spec.level === 'gemeente' ? 3 : 2.2, fill: false, interactive: false};
      case 'density':
        return {stroke: false, fillColor: c ? c.colour : D.colours.no_data, fillOpacity: 0.55};
      case 'streets':
        var neutral = !c || c.code === 0;
        return {color: neutral ? D.colours.street : c.colour, weight: neutral ? 1.2 : 4, opacity: neutral ? 0.8 : 1, lineCap: 'round'};
      case 'grid':
        return {stroke: false, fillColor: c ? c.colour : D.colours.no_data, fillOpacity: c ? 0.65 : 0};
      default:
        return {color: D.colours.outline, weight: spec.level === 'wijk' ? 1.6 : 0.7, fillColor: c ? c.colour : D.colours.no_data, fillOpacity: 0.8};
    }
  }

  function casingOf(spec, p) {
    var c = classOf(spec, p);
    var neutral = !c || c.code === 0;
    return neutral ? {stroke: false} : {color: '#222', weight: 6.5, opacity: 0.85, lineCap: 'round'};
  }

  D.layers.forEach(function (spec) {
    var group = L.geoJSON(null, {
      interactive: spec.kind !== 'outline',
      style: function (f) { return styleOf(spec, f.properties); },
      onEachFeature: function (f, layer) {
        if (spec.kind === 'outline') return;
        layer.bindPopup(function () { return popupOf(spec, f.properties); }, {maxWidth: 340, minWidth: 260});
        if (f.properties.name || f.properties.code)
          layer.bindTooltip(String(f.properties.name || f.properties.code), {sticky: true, direction: 'top'});
      }
    });
    var byCode = {};
    for (var i = 0; i < spec.rows.length; ++i) {
      if (!spec.geometry[i]) continue;
      group.addData(featureOf(spec, i));
    }
    group.eachLayer(function (l) { if (l.feature.properties.code) byCode[l.feature.properties.code] = l; });
    // Significant streets get a dark casing under them, so a hot street stands out on a hot buurt.
    var casing = null;
    if (spec.kind === 'streets') {
      casing = L.geoJSON(null, {interactive: false, style: function (f) { return casingOf(spec, f.properties); }});
      group.eachLayer(function (l) { casing.addData(l.feature); });
    }
    layers[spec.id] = {spec: spec, group: group, casing: casing, byCode: byCode};
    order.push(spec.id);
    if (spec.visible) show(spec.id);
  });
  function show(id) {
    var L_ = layers[id];
    if (L_.casing) L_.casing.addTo(map);
    L_.group.addTo(map);
  }
  function hide(id) {
    var L_ = layers[id];
    if (L_.casing) map.removeLayer(L_.casing);
    map.removeLayer(L_.group);
  }
  function restyle() {
    order.forEach(function (id) {
      var L_ = layers[id];
      L_.group.setStyle(function (f) { return styleOf(L_.spec, f.properties); });
      if (L_.casing) L_.casing.setStyle(function (f) { return casingOf(L_.spec, f.properties); });
    });
    buildLegend();
    buildFocus();
  }
  function allBounds() {
    var b = null;
    order.forEach(function (id) {
      var lb = layers[id].group.getBounds();
      if (lb.isValid()) b = b ? b.extend(lb) : L.latLngBounds(lb.getSouthWest(), lb.getNorthEast());
    });
    return b;
  }
  var home = allBounds();
  if (home) map.fitBounds(home, {padding: [12, 12]}); else map.setView([52.1, 5.1], 12);

  // --- popups -----------------------------------------------------------------------------
  function sparkline(code) {
    var s = D.series && D.series.by_code && D.series.by_code[code];
    var values = s ? s[state.category] : null;
    if (!values) return el('p', {cls: 'muted', text: T.noSeries});
    var W = 300, H = 86, padL = 26, padB = 16, n = values.length;
    var max = 0;
    values.forEach(function (v) { if (v !== null && v > max) max = v; });
    max = Math.max(1, max);
    var NS = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('width', W); svg.setAttribute('height', H); svg.setAttribute('class', 'spark');
    function add(tag, a) { var e = document.createElementNS(NS, tag); Object.keys(a).forEach(function (k) { e.setAttribute(k, a[k]); }); svg.appendChild(e); return e; }
    var bw = (W - padL) / n;
    var y = function (v) { return (H - padB) - v / max * (H - padB - 6); };
    if (D.series.first_current >= 0)
      add('rect', {x: padL + D.series.first_current * bw, y: 0, width: D.series.n_current * bw, height: H - padB, fill: '#fff1c9'});
    values.forEach(function (v, i) {
      if (v === null) add('rect', {x: padL + i * bw + 1, y: H - padB - 4, width: Math.max(1, bw - 2), height: 4, fill: '#bbb'});
      else add('rect', {x: padL + i * bw + 0.5, y: y(v), width: Math.max(1, bw - 1), height: Math.max(0.5, (H - padB) - y(v)), fill: '#5a6e8c'});
    });
    add('line', {x1: padL, y1: H - padB, x2: W, y2: H - padB, stroke: '#555', 'stroke-width': 1});
    var t1 = add('text', {x: padL - 3, y: y(max) + 4, 'text-anchor': 'end', 'font-size': 9}); t1.textContent = String(max);
    var t0 = add('text', {x: padL - 3, y: H - padB, 'text-anchor': 'end', 'font-size': 9}); t0.textContent = '0';
    var m = D.series.months;
    var a = add('text', {x: padL, y: H - 3, 'font-size': 9}); a.textContent = m[0];
    var b = add('text', {x: W, y: H - 3, 'font-size': 9, 'text-anchor': 'end'}); b.textContent = m[m.length - 1];
    var note = T.months + ' (' + catLabel(state.category) + '; ' + T.periodShaded + (values.indexOf(null) >= 0 ? '; ' + T.greySuppressed : '') + ')';
    var box = el('div', {cls: 'sparkbox'}, [el('div', {cls: 'muted', text: note})]);
    box.appendChild(svg);
    return box;
  }
  function popupOf(spec, p) {
    var cat = state.category;
    var box = el('div', {cls: 'popup'});
    var lvl = spec.kind === 'grid' ? T.cell : (T.level1[p.level || spec.level] || spec.level);
    box.appendChild(el('div', {cls: 'ptitle'}, [el('b', {text: p.name || p.code || p.id || ''}), el('span', {cls: 'muted', text: ' ' + lvl + (p.code && p.name ? ' · ' + p.code : '')})]));
    var rows = [];
    function row(k, v) { rows.push(el('tr', null, [el('th', {text: k}), el('td', {text: v})])); }
    if (spec.kind === 'density') {
      var dc = byKey.density[String(p['class'])];
      row(T.densityClass, dc ? dc.label : fmt(p['class']));
    } else {
      if (('n_' + cat) in p) {
        var extra = [];
        if (('n_' + cat + '_prev') in p) extra.push(T.previous + ' ' + fmt(p['n_' + cat + '_prev']));
        if (('n_' + cat + '_ly') in p) extra.push(T.lastYear + ' ' + fmt(p['n_' + cat + '_ly']));
        var chg = p['chg_' + cat + '_ly_pct'];
        row(catLabel(cat) + ' (' + D.period + ')', fmt(p['n_' + cat]) + ' ' + T.incidents + (extra.length ? ' (' + extra.join(', ') + (chg !== undefined && chg !== null ? ', ' + (chg > 0 ? '+' : '') + fmt(chg, 1) + ' %' : '') + ')' : ''));
      }
      if (('rate_' + cat) in p && p['rate_' + cat] !== null) row(T.per1000, fmt(p['rate_' + cat], 1));
      var g = byKey.gi[p['gi_class_' + cat]];
      if (g) row(T.hotspot, g.label + (p['gi_z_' + cat] !== undefined && p['gi_z_' + cat] !== null ? ' (z = ' + fmt(p['gi_z_' + cat], 2) + ')' : ''));
      var e = byKey.emerging[p['emerging_' + cat]];
      if (e) row(T.development, e.label + (p['emerging_since_' + cat] ? ' ' + T.since + ' ' + p['emerging_since_' + cat] : ''));
      var tr = p['trend_' + cat];
      if (tr) row(T.trend, T.trends[tr] || tr);
    }
    box.appendChild(el('table', {cls: 'ptable'}, rows));
    if (spec.kind === 'areas' && p.code) box.appendChild(sparkline(p.code));
    return box;
  }

  // --- panel: controls, layers, legend, focus list -------------------------------------------
  var panel = document.getElementById('panel');
  panel.appendChild(el('h1', {text: D.title}));
  if (D.subtitle) panel.appendChild(el('div', {cls: 'subtitle', text: D.subtitle}));
  if (D.notice) panel.appendChild(el('div', {cls: 'notice', id: 'notice', text: D.notice}));

  var controls = el('div', {cls: 'controls'});
  var sel = el('select', {id: 'category'});
  D.categories.forEach(function (c) { sel.appendChild(el('option', {value: c.key, text: c.label})); });
  sel.addEventListener('change', function () { state.category = sel.value; restyle(); });
  controls.appendChild(el('label', null, [document.createTextNode(T.category + ' '), sel]));
  var modes = el('div', {cls: 'modes'});
  [['gi', T.gi], ['emerging', T.emerging]].forEach(function (m) {
    var r = el('input', {type: 'radio', name: 'mode', value: m[0], id: 'mode-' + m[0]});
    if (m[0] === state.mode) r.checked = true;
    r.addEventListener('change', function () { if (r.checked) { state.mode = m[0]; restyle(); } });
    modes.appendChild(el('label', null, [r, document.createTextNode(' ' + m[1])]));
  });
  controls.appendChild(el('div', {cls: 'muted', text: T.colourBy}));
  controls.appendChild(modes);
  panel.appendChild(controls);

  var focusBox = el('div', {cls: 'focus', id: 'focus'});
  panel.appendChild(focusBox);
  var toggles = el('div', {cls: 'toggles', id: 'layers'}, [el('h2', {text: T.layers})]);
  order.slice().reverse().forEach(function (id) {
    var spec = layers[id].spec;
    var cb = el('input', {type: 'checkbox', id: 'layer-' + id});
    cb.checked = spec.visible;
    cb.addEventListener('change', function () {
      if (cb.checked) show(id); else hide(id);
      keepOrder();
    });
    toggles.appendChild(el('label', null, [cb, document.createTextNode(' ' + spec.label)]));
  });
  panel.appendChild(toggles);
  function keepOrder() {
    order.forEach(function (id) {
      var L_ = layers[id];
      if (!map.hasLayer(L_.group)) return;
      if (L_.casing) L_.casing.bringToFront();
      L_.group.bringToFront();
    });
  }

  var legend = el('div', {cls: 'legend', id: 'legend'});
  var LegendControl = L.Control.extend({options: {position: 'bottomright'}, onAdd: function () { return legend; }});
  new LegendControl().addTo(map);
  L.DomEvent.disableClickPropagation(legend);
  L.DomEvent.disableScrollPropagation(legend);
  function swatch(colour, line) {
    return el('span', {cls: line ? 'sw line' : 'sw', style: (line ? 'border-top-color:' : 'background:') + colour});
  }
  function buildLegend() {
    legend.innerHTML = '';
    legend.appendChild(el('h2', {text: (state.mode === 'gi' ? T.gi : T.emerging) + ' — ' + catLabel(state.category)}));
    var list = el('ul');
    var classes = D.classes[state.mode === 'gi' ? 'gi' : 'emerging'];
    classes.forEach(function (c) { list.appendChild(el('li', null, [swatch(c.colour), document.createTextNode(c.label)])); });
    list.appendChild(el('li', null, [swatch(D.colours.no_data), document.createTextNode(T.noData)]));
    if (layers.straat || order.some(function (id) { return layers[id].spec.kind === 'streets'; }))
      list.appendChild(el('li', null, [swatch(D.colours.street, true), document.createTextNode(T.street)]));
    legend.appendChild(list);
    if (state.mode === 'gi' && state.category !== 'totaal' && order.some(function (id) { return layers[id].spec.kind === 'grid'; }))
      legend.appendChild(el('p', {cls: 'muted', text: T.onlyTotaal}));
  }


  var highlighted = null;
  function zoomTo(level, code) {
    var target = null, host = null;
    order.forEach(function (id) {
      var L_ = layers[id];
      if (!target && L_.spec.level === level && L_.spec.kind !== 'outline' && L_.byCode[code]) { target = L_.byCode[code]; host = L_; }
    });
    if (!target) return false;
    if (!map.hasLayer(host.group)) {
      show(host.spec.id);
      var cb = document.getElementById('layer-' + host.spec.id);
      if (cb) cb.checked = true;
      keepOrder();
    }
    var b = target.getBounds();
    // The area in the lower part of the view, its pop-up above it.
    var size = map.getSize();
    var top = Math.min(320, Math.round(size.y * 0.45));
    map.fitBounds(b, {maxZoom: 16, paddingTopLeft: [40, top], paddingBottomRight: [40, 30], animate: false});
    if (highlighted) highlighted.group.resetStyle(highlighted.layer);
    target.setStyle({color: '#000', weight: host.spec.kind === 'streets' ? 6 : 3.5});
    target.bringToFront();
    highlighted = {group: host.group, layer: target};
    target.openPopup(L.latLng(b.getNorth(), b.getCenter().lng));
    return true;
  }
  function buildFocus() {
    focusBox.innerHTML = '';
    focusBox.appendChild(el('h2', {text: T.focus + ' — ' + catLabel(state.category)}));
    var shown = 0;
    ['straat', 'buurt', 'wijk'].forEach(function (level) {
      (D.focus || []).forEach(function (list) {
        if (list.level !== level || list.category !== state.category || !list.rows.length) return;
        focusBox.appendChild(el('h3', {text: T.levels[level] || level}));
        var ol = el('ol', {cls: 'focus-list'});
        list.rows.forEach(function (r) {
          var li = el('li', {'data-code': r.code, 'data-level': level, tabindex: '0', title: (r.reasons || []).join('; ')}, [
            el('span', {cls: 'rank', text: String(r.rank)}),
            el('span', {cls: 'fname', text: r.name || r.code}),
            el('span', {cls: 'fcount', text: r.count === null || r.count === undefined ? '' : fmt(r.count)}),
            el('div', {cls: 'freason', text: (r.reasons || []).slice(0, 2).join('; ')})]);
          var go = function () {
            Array.prototype.forEach.call(document.querySelectorAll('.focus-list li.active'), function (x) { x.classList.remove('active'); });
            if (zoomTo(level, r.code)) li.classList.add('active');
          };
          li.addEventListener('click', go);
          li.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') go(); });
          ol.appendChild(li);
          ++shown;
        });
        focusBox.appendChild(ol);
      });
    });
    if (!shown) focusBox.appendChild(el('p', {cls: 'muted', text: T.noFocus}));
    else focusBox.insertBefore(el('p', {cls: 'muted', text: T.zoomHint}), focusBox.children[1]);
  }
  buildLegend();
  buildFocus();
  keepOrder();

  // --- for the tests ------------------------------------------------------------------------
  function drawn(L_) {
    var n = 0;
    L_.group.eachLayer(function (l) {
      var d = l._path ? l._path.getAttribute('d') : '';
      if (d && d.length > 1) ++n;
    });
    return n;
  }
  window.brandpunt = {
    map: map,
    layers: layers,
    home: home,
    zoomTo: zoomTo,
    summary: function () {
      var out = {};
      order.forEach(function (id) {
        var L_ = layers[id], features = 0;
        L_.group.eachLayer(function () { ++features; });
        out[id] = {features: features, rows: L_.spec.rows.length, drawn: map.hasLayer(L_.group) ? drawn(L_) : 0, visible: map.hasLayer(L_.group)};
      });
      return out;
    },
    ready: true
  };
})();
