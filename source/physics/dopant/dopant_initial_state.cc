#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/numerics/vector_tools.h>

#include <fluxion/physics/dopant/dopant_diffusion.h>
#include <fluxion/physics/dopant/initial_profiles.h>

namespace Fluxion
{
  template <int dim>
  void
  DopantDiffusion<dim>::set_initial_condition()
  {
    InitialProfiles<dim> profiles(
      *this,
      initial_profiles,
      [&]() {
        std::vector<std::string> n;
        for (const auto &d : dopants)
          n.push_back(d.name);
        return n;
      }(),
      length_unit_cm(),
      time);
    VectorType owned(locally_owned_dofs, context.mpi_communicator);
    VectorTools::interpolate(*context.mapping, dof_handler, profiles, owned);
    if (!oxide_ids.empty())
      to_oxide_variable(owned);
    scale_implants(profiles, owned);
    place_surface_doses(profiles, owned);
    // A predeposition in the first step starts from its surface value.
    this->start_from(owned);
  }

  template <int dim>
  void
  DopantDiffusion<dim>::to_oxide_variable(VectorType &owned) const
  {
    // The profiles give concentrations; in an oxide u = C / K. DoFs on
    // the interface keep the silicon value.
    std::set<types::global_dof_index>    silicon;
    std::vector<types::global_dof_index> dofs(fe->n_dofs_per_cell());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!cell->is_artificial() && is_silicon(cell->material_id()))
        {
          cell->get_dof_indices(dofs);
          silicon.insert(dofs.begin(), dofs.end());
        }
    std::set<types::global_dof_index> done;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!cell->is_artificial() && is_oxide(cell->material_id()))
        {
          cell->get_dof_indices(dofs);
          for (unsigned int k = 0; k < dofs.size(); ++k)
            if (locally_owned_dofs.is_element(dofs[k]) &&
                !silicon.count(dofs[k]) && done.insert(dofs[k]).second)
              owned[dofs[k]] /=
                concentration_factor(fe->system_to_component_index(k).first,
                                     cell->material_id());
        }
    owned.compress(VectorOperation::insert);
  }

  template <int dim>
  void
  DopantDiffusion<dim>::scale_implants(const InitialProfiles<dim> &profiles,
                                       VectorType                 &owned) const
  {
    // An implant keeps its dose. The nodal values of a Gaussian that the
    // mesh does not resolve miss its integral (+15 % for dRp = 20 nm on
    // 100 nm cells), so each implanted profile is scaled to the integral of
    // the Gaussian over the mesh (10 Gauss points per direction and cell).
    std::vector<double> implant_dose(dopants.size(), 0.0);
    bool                any_implant = false;
    for (unsigned int i = 0; i < dopants.size(); ++i)
      any_implant |= profiles.is_implant(i);
    if (any_implant)
      {
        const QGauss<dim> quadrature(10);
        FEValues<dim>     fe_values(*context.mapping,
                                *fe,
                                quadrature,
                                update_quadrature_points | update_JxW_values);
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (cell->is_locally_owned() &&
              !is_interface_layer(cell->material_id()))
            {
              fe_values.reinit(cell);
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                for (unsigned int i = 0; i < dopants.size(); ++i)
                  if (profiles.is_implant(i))
                    implant_dose[i] +=
                      profiles.value(fe_values.quadrature_point(q), i) *
                      fe_values.JxW(q);
            }
        // On the mesh: the lumped dose sum_j m_j u_j (hanging nodes carry no
        // mass; the constraints set them at the end).
        for (unsigned int i = 0; i < dopants.size(); ++i)
          if (profiles.is_implant(i))
            {
              double on_mesh = 0;
              for (const auto dof : field_dofs[i])
                on_mesh += lumped_mass[dof] * owned[dof];
              on_mesh = Utilities::MPI::sum(on_mesh, context.mpi_communicator);
              const double exact =
                Utilities::MPI::sum(implant_dose[i], context.mpi_communicator);
              if (on_mesh <= 0 || exact <= 0)
                continue;
              for (const auto dof : field_dofs[i])
                owned[dof] *= exact / on_mesh;
            }
        owned.compress(VectorOperation::insert);
      }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::place_surface_doses(
    const InitialProfiles<dim> &profiles,
    VectorType                 &owned) const
  {
    // A delta-like layer: the whole dose on the surface nodes, with the
    // nodal (lumped) mass, so that the discrete dose is exact.
    bool any_surface_dose = false;
    for (unsigned int i = 0; i < dopants.size(); ++i)
      any_surface_dose |= profiles.surface_dose(i) >= 0;
    if (any_surface_dose)
      {
        const double area = wafer_area();
        // The surface nodes of each component.
        std::vector<IndexSet> surface_dofs(dopants.size());
        for (unsigned int i = 0; i < dopants.size(); ++i)
          {
            ComponentMask mask(dopants.size(), false);
            mask.set(i, true);
            surface_dofs[i] =
              DoFTools::extract_boundary_dofs(dof_handler, mask, {surface_id});
          }
        for (unsigned int i = 0; i < dopants.size(); ++i)
          if (profiles.surface_dose(i) >= 0)
            {
              double surface_mass = 0;
              for (const auto dof : surface_dofs[i])
                if (locally_owned_dofs.is_element(dof) &&
                    !hanging_constraints.is_constrained(dof))
                  surface_mass += lumped_mass[dof];
              surface_mass =
                Utilities::MPI::sum(surface_mass, context.mpi_communicator);
              // dose [cm^-2] * area [L^(dim-1)] / length unit [cm]
              const double amount =
                profiles.surface_dose(i) * area / length_unit_cm();
              for (const auto dof : surface_dofs[i])
                if (locally_owned_dofs.is_element(dof))
                  owned[dof] = amount / surface_mass;
            }
        owned.compress(VectorOperation::insert);
      }
  }

#define FLUXION_INSTANTIATE(dim) \
  template void DopantDiffusion<dim>::set_initial_condition();
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
