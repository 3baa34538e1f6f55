#include <deal.II/base/mpi_remote_point_evaluation.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe.h>
#include <deal.II/fe/fe_values.h>

#include <fluxion/core/utilities.h>
#include <fluxion/physics/dopant/dopant_profiles.h>
#include <fluxion/physics/dopant/junction.h>
#include <fluxion/physics/dopant/mobility.h>
#include <fluxion/physics/dopant/wafer_process.h>
#include <fluxion/physics/interface.h>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>

namespace Fluxion
{
  namespace
  {
    // The charges of the first @p n_species fields (+1 donor, -1 acceptor).
    template <int dim>
    std::vector<int>
    charges(const WaferProcess<dim> &wafer, const unsigned int n_species)
    {
      std::vector<int> z(n_species);
      for (unsigned int i = 0; i < n_species; ++i)
        z[i] = wafer.field_charge(i);
      return z;
    }
  } // namespace

  template <int dim>
  DopantProfiles<dim>::~DopantProfiles()
  {
    mesh_signal.disconnect();
  }

  template <int dim>
  void
  DopantProfiles<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Profile points",
                      "2001",
                      Patterns::Integer(2),
                      "Points along the depth line.");
    prm.declare_entry("Profile position",
                      "",
                      Patterns::List(Patterns::Double(), 0, 2),
                      "Lateral coordinates of the depth line in 2D (x) and "
                      "3D (x, y); empty means 0.");
    prm.declare_entry("Lateral line depth",
                      "0",
                      Patterns::Double(0),
                      "[um] 2D and 3D: depth of the line along the first "
                      "axis, from the depth line outwards, on which the "
                      "lateral junction is found ('lateral junction [um]': "
                      "its distance from the depth line, e.g. from the "
                      "window centre; 0 when there is none).");
    prm.declare_entry("Mobility model",
                      "masetti",
                      Patterns::Selection("masetti|caughey-thomas"),
                      "Doping-dependent majority-carrier mobility for the "
                      "sheet resistance: Masetti et al. (1983) or Caughey "
                      "and Thomas (1967), both silicon at 300 K.");
    prm.declare_entry("Electron mobility",
                      "phosphorus",
                      Patterns::Selection("phosphorus|arsenic"),
                      "Masetti's electron mobility parameters for n-type "
                      "layers (holes use the boron set).");
    prm.declare_entry("Exact profiles",
                      "",
                      Patterns::Anything(),
                      "Exact solutions for verification, 'B: expr; P: expr', "
                      "functions of depth (um) and t (s) in cm^-3. Each "
                      "gives the column 'error X', the relative L2 error "
                      "along the depth line.");
  }

  template <int dim>
  void
  DopantProfiles<dim>::parse_parameters(ParameterHandler &prm)
  {
    n_points = prm.get_integer("Profile points");
    lateral_position.assign(dim - 1, 0.0);
    const auto p =
      Utilities::split_string_list(prm.get("Profile position"), ',');
    AssertThrow(p.empty() || p.size() == dim - 1,
                ExcMessage("Parameter <Postprocess/dopant profiles/Profile "
                           "position> needs " +
                           std::to_string(dim - 1) + " coordinate(s)."));
    for (unsigned int i = 0; i < p.size(); ++i)
      lateral_position[i] =
        parse_double(p[i], "Postprocess/dopant profiles/Profile position");
    electron_mobility = prm.get("Electron mobility");
    lateral_depth_um  = prm.get_double("Lateral line depth");
    caughey_thomas    = prm.get("Mobility model") == "caughey-thomas";
    exact.clear();
    for (const auto &entry :
         Utilities::split_string_list(prm.get("Exact profiles"), ';'))
      {
        const auto colon = entry.find(':');
        AssertThrow(colon != std::string::npos,
                    ExcMessage("Parameter <Postprocess/dopant profiles/Exact "
                               "profiles>: <" +
                               entry + "> must read like 'B: expression'."));
        const std::string name = Utilities::trim(entry.substr(0, colon));
        exact[name]            = std::make_unique<ParsedExpression<dim>>();
        exact[name]->initialize(entry.substr(colon + 1),
                                "Postprocess/dopant profiles/Exact profiles",
                                {"depth"});
      }
  }

  template <int dim>
  void
  DopantProfiles<dim>::execute(const PhysicsInterface<dim> &physics,
                               Statistics                  &statistics,
                               const bool                   write_files,
                               const std::string           &directory)
  {
    // The wafer's geometry and data come from the optional interface, the
    // rest from the generic one.
    const auto *wafer = dynamic_cast<const WaferProcess<dim> *>(&physics);
    AssertThrow(wafer != nullptr,
                ExcMessage("Parameter <Postprocess/List>: 'dopant profiles' "
                           "needs a physics of a wafer in a thermal process "
                           "(<Physics> = dopant diffusion)."));
    statistics.set("T [C]", wafer->temperature(physics.get_time()) - 273.15);
    record_doses(physics, *wafer, statistics);

    Point<dim> top, bottom;
    depth_line_ends(physics, *wafer, top, bottom);
    std::vector<Point<dim>> points(n_points);
    for (unsigned int k = 0; k < n_points; ++k)
      points[k] = top + (bottom - top) * (double(k) / (n_points - 1));
    const auto &triangulation = physics.get_dof_handler().get_triangulation();
    if (!mesh_signal.connected())
      mesh_signal = triangulation.signals.any_change.connect(
        [this]() { mesh_changed = true; });
    const bool new_mesh = mesh_changed;
    mesh_changed        = false;

    const auto profile = evaluate_on_line(
      physics, *wafer, points, new_mesh, rpe, "Profile position");
    if (dim > 1)
      record_lateral_junction(
        physics, *wafer, top, bottom, new_mesh, statistics);

    // The electrical quantities start at the silicon surface: the first
    // point of the line outside any oxide.
    const unsigned int  n_species = profile.size() - 1;
    std::vector<double> depth(n_points);
    for (unsigned int k = 0; k < n_points; ++k)
      depth[k] = wafer->depth(points[k]);
    unsigned int k0 = 0;
    while (k0 + 1 < n_points && profile[n_species][k0] >= 0.5)
      ++k0;
    const double bg       = wafer->signed_background();
    const auto   net      = net_doping(profile, charges(*wafer, n_species), bg);
    double       junction = 0;
    unsigned int end      = n_points - 1;
    if (const auto j = first_junction(net, bg, k0))
      {
        const unsigned int k = j->index;
        junction =
          depth[k - 1] + j->fraction * (depth[k] - depth[k - 1]) - depth[k0];
        end = k;
      }
    const double um = 1e-4 / wafer->length_unit_cm(); // one um in length units
    statistics.set("junction depth [um]", junction / um);
    record_errors(physics, points, depth, profile, um, statistics);
    statistics.set(
      "sheet resistance [ohm/sq]",
      sheet_resistance(*wafer, profile, net, depth, k0, end, junction));

    if (!write_files || Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) != 0)
      return;
    write_depth_profile(physics, depth, profile, net, um, directory);
  }

  template <int dim>
  void
  DopantProfiles<dim>::surface_sums(const PhysicsInterface<dim> &physics,
                                    const WaferProcess<dim>     &wafer,
                                    double                      &surface_area,
                                    std::vector<double>         &surface_sum,
                                    std::vector<double>         &minimum) const
  {
    const auto                 &dof_handler = physics.get_dof_handler();
    const auto                 &fe          = dof_handler.get_fe();
    const auto                 &u           = physics.get_solution();
    const unsigned int          n_species   = surface_sum.size();
    const QGauss<dim - 1>       face_quadrature(fe.degree + 1);
    FEFaceValues<dim>           fe_face(physics.get_mapping(),
                              fe,
                              face_quadrature,
                              update_values | update_JxW_values);
    std::vector<Vector<double>> values(face_quadrature.size(),
                                       Vector<double>(n_species));
    std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
    // Interface layers hold no concentrations of their own.
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() &&
          !wafer.is_interface_layer(cell->material_id()))
        {
          cell->get_dof_indices(dofs);
          for (unsigned int k = 0; k < dofs.size(); ++k)
            {
              const unsigned int i = fe.system_to_component_index(k).first;
              minimum[i] =
                std::min(minimum[i],
                         physics.field_scale(i, cell->material_id()) *
                           u[dofs[k]]);
            }
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary() &&
                std::abs(wafer.depth(cell->face(f)->center())) <
                  1e-12 * (1 + cell->diameter()) &&
                wafer.depth(cell->center()) > 0)
              {
                fe_face.reinit(cell, f);
                fe_face.get_function_values(u, values);
                for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                  {
                    surface_area += fe_face.JxW(q);
                    for (unsigned int i = 0; i < n_species; ++i)
                      surface_sum[i] +=
                        physics.field_scale(i, cell->material_id()) *
                        values[q][i] * fe_face.JxW(q);
                  }
              }
        }
  }

  template <int dim>
  void
  DopantProfiles<dim>::record_doses(const PhysicsInterface<dim> &physics,
                                    const WaferProcess<dim>     &wafer,
                                    Statistics                  &statistics)
  {
    const auto         fields    = physics.fields();
    const unsigned int n_species = fields.size();
    const MPI_Comm     comm      = physics.get_communicator();
    const double       L_cm      = wafer.length_unit_cm();

    // Doses (per unit surface area), surface means and minima.
    std::vector<double> silicon_amounts;
    const auto          amounts =
      wafer.amounts(physics.get_solution(),
                    wafer.has_oxide() ? &silicon_amounts : nullptr);
    const double        area         = wafer.wafer_area();
    double              surface_area = 0;
    std::vector<double> surface_sum(n_species, 0.0);
    std::vector<double> minimum(n_species, std::numeric_limits<double>::max());
    surface_sums(physics, wafer, surface_area, surface_sum, minimum);
    surface_area = Utilities::MPI::sum(surface_area, comm);
    for (unsigned int i = 0; i < n_species; ++i)
      {
        surface_sum[i]          = Utilities::MPI::sum(surface_sum[i], comm);
        minimum[i]              = Utilities::MPI::min(minimum[i], comm);
        const std::string &n    = fields[i].name;
        const double       dose = area > 0 ? amounts[i] * L_cm / area : 0.0;
        if (first_dose.size() < n_species)
          first_dose.push_back(dose);
        statistics.set("dose " + n + " [cm^-2]", dose);
        // Changes below the round-off of the dose itself count as none.
        const double change = dose - first_dose[i];
        statistics.set("dose change " + n + " [cm^-2]",
                       std::abs(change) <= 1e-12 * std::abs(first_dose[i]) ?
                         0.0 :
                         change);
        if (wafer.has_oxide())
          statistics.set("silicon dose " + n + " [cm^-2]",
                         area > 0 ? silicon_amounts[i] * L_cm / area : 0.0);
        statistics.set("surface " + n + " [cm^-3]",
                       surface_area > 0 ? surface_sum[i] / surface_area : 0.0);
        statistics.set("min " + n + " [cm^-3]", minimum[i]);
        if (lowest.size() < n_species)
          lowest.push_back(minimum[i]);
        lowest[i] = std::min(lowest[i], minimum[i]);
        statistics.set("lowest " + n + " [cm^-3]", lowest[i]);
      }
  }

  template <int dim>
  void
  DopantProfiles<dim>::depth_line_ends(const PhysicsInterface<dim> &physics,
                                       const WaferProcess<dim>     &wafer,
                                       Point<dim>                  &top,
                                       Point<dim> &bottom) const
  {
    // From the surface to the far side of the domain.
    const MPI_Comm comm = physics.get_communicator();
    double         lo = std::numeric_limits<double>::max(), hi = -lo;
    for (const auto &cell :
         physics.get_dof_handler().get_triangulation().active_cell_iterators())
      if (cell->is_locally_owned())
        for (const auto v : cell->vertex_indices())
          {
            lo = std::min(lo, cell->vertex(v)[dim - 1]);
            hi = std::max(hi, cell->vertex(v)[dim - 1]);
          }
    lo = Utilities::MPI::min(lo, comm);
    hi = Utilities::MPI::max(hi, comm);
    // The surface is the end closer to depth 0.
    Point<dim> a, b;
    a[dim - 1] = lo;
    b[dim - 1] = hi;
    for (unsigned int d = 0; d + 1 < dim; ++d)
      a[d] = b[d] = lateral_position[d];
    if (wafer.depth(a) <= wafer.depth(b))
      top = a, bottom = b;
    else
      top = b, bottom = a;
    // It starts at the surface. Under a mask layer that is the silicon
    // surface, which may lie on the Si/SiO2 interface: there the line
    // starts just inside the silicon.
    const double s = wafer.surface_position();
    if (std::abs(top[dim - 1] - s) > 1e-12 * (hi - lo))
      top[dim - 1] = s + (bottom[dim - 1] > s ? 1 : -1) * 1e-9 * (hi - lo);
  }

  template <int dim>
  std::vector<std::vector<double>>
  DopantProfiles<dim>::evaluate_on_line(
    const PhysicsInterface<dim>                                 &physics,
    const WaferProcess<dim>                                     &wafer,
    const std::vector<Point<dim>>                               &pts,
    const bool                                                   new_mesh,
    std::unique_ptr<Utilities::MPI::RemotePointEvaluation<dim>> &r,
    const std::string                                           &what) const
  {
    const auto        &dof_handler = physics.get_dof_handler();
    const auto        &fe          = dof_handler.get_fe();
    const auto        &u           = physics.get_solution();
    const unsigned int n_species   = physics.fields().size();
    if (!r || new_mesh)
      {
        r = std::make_unique<Utilities::MPI::RemotePointEvaluation<dim>>(1e-8,
                                                                         true);
        r->reinit(pts, dof_handler.get_triangulation(), physics.get_mapping());
      }
    AssertThrow(r->all_points_found(),
                ExcMessage("Parameter <Postprocess/dopant profiles/" + what +
                           ">: the line leaves the domain."));
    std::vector<double> values, buffer;
    Vector<double>      local(fe.n_dofs_per_cell());
    // Components 0..n-1: concentrations; n: 1 in an oxide, else 0.
    std::vector<std::vector<double>> result(n_species + 1,
                                            std::vector<double>(pts.size()));
    for (unsigned int i = 0; i <= n_species; ++i)
      {
        r->template evaluate_and_process<double>(
          values,
          buffer,
          [&](
            const ArrayView<double> &out,
            const typename Utilities::MPI::RemotePointEvaluation<dim>::CellData
              &data) {
            for (unsigned int c = 0; c < data.cells.size(); ++c)
              {
                const typename DoFHandler<dim>::active_cell_iterator cell(
                  &dof_handler.get_triangulation(),
                  data.cells[c].first,
                  data.cells[c].second,
                  &dof_handler);
                cell->get_dof_values(u, local);
                for (unsigned int q = data.reference_point_ptrs[c];
                     q < data.reference_point_ptrs[c + 1];
                     ++q)
                  {
                    double v = 0;
                    if (i == n_species)
                      v = wafer.is_oxide(cell->material_id()) ? 1 : 0;
                    else
                      {
                        for (unsigned int j = 0; j < local.size(); ++j)
                          if (fe.system_to_component_index(j).first == i)
                            v +=
                              local[j] *
                              fe.shape_value(j, data.reference_point_values[q]);
                        v *= physics.field_scale(i, cell->material_id());
                      }
                    out[q] = v;
                  }
              }
          });
        // A point on a face between cells: the mean of their values.
        const auto &ptr = r->get_point_ptrs();
        for (unsigned int k = 0; k < pts.size(); ++k)
          {
            double v = 0;
            for (unsigned int m = ptr[k]; m < ptr[k + 1]; ++m)
              v += values[m];
            result[i][k] = v / std::max(1u, ptr[k + 1] - ptr[k]);
          }
      }
    return result;
  }

  template <int dim>
  void
  DopantProfiles<dim>::record_lateral_junction(
    const PhysicsInterface<dim> &physics,
    const WaferProcess<dim>     &wafer,
    const Point<dim>            &top,
    const Point<dim>            &bottom,
    const bool                   new_mesh,
    Statistics                  &statistics)
  {
    // Along the first axis at a fixed depth, from the depth line to the far
    // side, up to the first change of sign of the net doping against the
    // background.
    double xmax = -std::numeric_limits<double>::max();
    for (const auto &cell :
         physics.get_dof_handler().get_triangulation().active_cell_iterators())
      if (cell->is_locally_owned())
        for (const auto v : cell->vertex_indices())
          xmax = std::max(xmax, cell->vertex(v)[0]);
    xmax               = Utilities::MPI::max(xmax, physics.get_communicator());
    const double um    = 1e-4 / wafer.length_unit_cm();
    Point<dim>   start = top;
    // depth below the surface, inwards
    start[dim - 1] +=
      (bottom[dim - 1] > top[dim - 1] ? 1 : -1) * lateral_depth_um * um;
    Point<dim> stop = start;
    stop[0]         = xmax;
    std::vector<Point<dim>> line(n_points);
    for (unsigned int k = 0; k < n_points; ++k)
      line[k] = start + (stop - start) * (double(k) / (n_points - 1));
    const auto lateral = evaluate_on_line(
      physics, wafer, line, new_mesh, rpe_lateral, "Lateral line depth");
    const double bg = wafer.signed_background();
    const auto   net =
      net_doping(lateral, charges(wafer, lateral.size() - 1), bg);
    double extent = 0;
    if (const auto j = first_junction(net, bg, 0))
      {
        const unsigned int k = j->index;
        extent               = (line[k - 1][0] - start[0]) +
                 j->fraction * (line[k][0] - line[k - 1][0]);
      }
    statistics.set("lateral junction [um]", extent / um);
  }

  template <int dim>
  void
  DopantProfiles<dim>::record_errors(
    const PhysicsInterface<dim>            &physics,
    const std::vector<Point<dim>>          &points,
    const std::vector<double>              &depth,
    const std::vector<std::vector<double>> &profile,
    const double                            um,
    Statistics                             &statistics) const
  {
    const auto         fields    = physics.fields();
    const unsigned int n_species = fields.size();
    const double       t         = physics.get_time();
    for (const auto &e : exact)
      {
        unsigned int i = 0;
        while (i < n_species && fields[i].name != e.first)
          ++i;
        AssertThrow(i < n_species,
                    ExcMessage("Parameter <Postprocess/dopant profiles/Exact "
                               "profiles>: <" +
                               e.first + "> is not one of the dopants."));
        double err2 = 0, ref2 = 0;
        for (unsigned int k = 0; k < n_points; ++k)
          {
            const double w = (k == 0 || k + 1 == n_points) ? 0.5 : 1.0;
            const double x = e.second->value(points[k], t, {depth[k] / um});
            err2 += w * (profile[i][k] - x) * (profile[i][k] - x);
            ref2 += w * x * x;
          }
        statistics.set("error " + e.first,
                       ref2 > 0 ? std::sqrt(err2 / ref2) : std::sqrt(err2));
      }
  }

  template <int dim>
  double
  DopantProfiles<dim>::sheet_resistance(
    const WaferProcess<dim>                &wafer,
    const std::vector<std::vector<double>> &profile,
    const std::vector<double>              &net,
    const std::vector<double>              &depth,
    const unsigned int                      k0,
    const unsigned int                      end,
    const double                            junction) const
  {
    const unsigned int  n_species = profile.size() - 1;
    std::vector<double> total(n_points, std::abs(wafer.signed_background()));
    for (unsigned int k = 0; k < n_points; ++k)
      for (unsigned int i = 0; i < n_species; ++i)
        total[k] += std::abs(profile[i][k]);
    const MasettiMobility electrons    = electron_mobility == "arsenic" ?
                                           MasettiMobility::electrons_arsenic() :
                                           MasettiMobility::electrons_phosphorus();
    const MasettiMobility holes        = MasettiMobility::holes_boron();
    const auto            ct_electrons = CaugheyThomasMobility::electrons();
    const auto            ct_holes     = CaugheyThomasMobility::holes();
    const auto            conductivity = [&](const unsigned int k) {
      // q mu |N_net| in S/cm, majority carriers
      const double mu =
        caughey_thomas ?
                     (net[k] >= 0 ? ct_electrons(total[k]) : ct_holes(total[k])) :
                     (net[k] >= 0 ? electrons(total[k]) : holes(total[k]));
      return 1.602176634e-19 * mu * std::abs(net[k]);
    };
    // The trapezoidal rule over the layer above the junction.
    const double L_cm  = wafer.length_unit_cm();
    double       sheet = 0;
    for (unsigned int k = k0; k < end; ++k)
      {
        double h  = (depth[k + 1] - depth[k]) * L_cm;
        double g0 = conductivity(k), g1 = conductivity(k + 1);
        if (k + 1 == end && junction > 0)
          {
            // up to the junction only, where N_net = 0
            h  = (junction + depth[k0] - depth[k]) * L_cm;
            g1 = 0;
          }
        sheet += 0.5 * (g0 + g1) * h;
      }
    return sheet > 0 ? 1 / sheet : 0.0;
  }

  template <int dim>
  void
  DopantProfiles<dim>::write_depth_profile(
    const PhysicsInterface<dim>            &physics,
    const std::vector<double>              &depth,
    const std::vector<std::vector<double>> &profile,
    const std::vector<double>              &net,
    const double                            um,
    const std::string                      &directory)
  {
    const auto         fields    = physics.fields();
    const unsigned int n_species = fields.size();
    std::ostringstream out;
    out << "depth [um]";
    for (const auto &f : fields)
      out << ',' << f.name << " [" << f.unit << "]";
    out << ",net [cm^-3]\n" << std::setprecision(10);
    for (unsigned int k = 0; k < n_points; ++k)
      {
        out << depth[k] / um;
        for (unsigned int i = 0; i < n_species; ++i)
          out << ',' << profile[i][k];
        out << ',' << net[k] << '\n';
      }
    std::ofstream(directory + "/depth_profile-" +
                  Utilities::int_to_string(count, 5) + ".csv")
      << out.str();
    std::ofstream(directory + "/depth_profile.csv") << out.str();
    ++count;
  }

  template <int dim>
  std::vector<double>
  DopantProfiles<dim>::get_state() const
  {
    // count, then the two lists, each with its length first.
    std::vector<double> state{static_cast<double>(count)};
    for (const auto *list : {&first_dose, &lowest})
      {
        state.push_back(list->size());
        state.insert(state.end(), list->begin(), list->end());
      }
    return state;
  }

  template <int dim>
  void
  DopantProfiles<dim>::set_state(const std::vector<double> &state)
  {
    if (state.empty())
      return;
    count            = static_cast<unsigned int>(state[0]);
    std::size_t next = 1;
    for (auto *list : {&first_dose, &lowest})
      {
        if (next >= state.size())
          return;
        const auto n = static_cast<std::size_t>(state[next++]);
        if (next + n > state.size())
          return;
        list->assign(state.begin() + next, state.begin() + next + n);
        next += n;
      }
  }

  FLUXION_REGISTER_PLUGIN(Postprocessor,
                          DopantProfiles,
                          "dopant profiles",
                          "Dopant diffusion only: temperature, dose (per unit "
                          "area of the wafer; with oxide regions also the "
                          "dose in the silicon alone), surface and minimum "
                          "concentration per dopant, junction depth and "
                          "sheet resistance along a depth line starting at "
                          "the silicon surface, the lateral junction in 2D "
                          "and 3D, and depth_profile.csv on output steps.")
} // namespace Fluxion
